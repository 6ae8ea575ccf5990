// Hosts in one process share MassTransit's static log context, and one test stops a broker: run tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
