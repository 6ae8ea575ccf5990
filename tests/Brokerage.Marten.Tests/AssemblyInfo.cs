// Every test makes its own database, but the daemon tests wait on the whole server's oldest transaction and a 100,000-event
// stream loads the 2 cores: one test at a time keeps them from holding each other back.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
