using System.Collections.Immutable;
using Brokerage.PooledFunds.Api.Pools;
using static Brokerage.PooledFunds.Tests.Domain.Given;

namespace Brokerage.PooledFunds.Tests.Domain;

public sealed class LedgerRulesTests
{
    [Fact]
    public void GivenEqualWeights_WhenSplit_ThenTheSparePennyGoesToTheLowestMemberId() =>
        Assert.Equal([4L, 3L, 3L], Apportioning.Split(10, [(Member(3), 100), (Member(1), 100), (Member(2), 100)]).OrderBy(s => s.MemberId).Select(s => s.Amount));

    [Fact]
    public void GivenManyRandomSplits_WhenApportioned_ThenSharesSumExactlyAndNeverExceedTheirWeight()
    {
        var random = new Random(42);
        for (var i = 0; i < 2_000; i++)
        {
            var weights = Enumerable.Range(1, random.Next(1, 12)).Select(n => (Member(n), (long)random.Next(0, 1_000_000))).ToList();
            var total = weights.Sum(w => w.Item2);
            if (total == 0)
            {
                continue;
            }

            var amount = random.NextInt64(0, total + 1);
            var shares = Apportioning.Split(amount, weights);
            Assert.Equal(amount, shares.Sum(s => s.Amount));
            Assert.All(shares, s => Assert.InRange(s.Amount, 0, weights.Single(w => w.Item1 == s.MemberId).Item2));
        }
    }

    [Fact]
    public void GivenHugeAmounts_WhenSplit_ThenNoOverflow()
    {
        var shares = Apportioning.Split(9_999_999_999, [(Member(1), 10_000_000_000), (Member(2), 10_000_000_000)]);
        Assert.Equal(9_999_999_999, shares.Sum(s => s.Amount));
    }

    [Fact]
    public void GivenAReservationThatDoesNotMatchTheMembersLines_WhenChecked_ThenTheInvariantFails()
    {
        var pool = ActivePool(Pledge(1, 5_000));
        var corrupt = pool with
        {
            Reservations = pool.Reservations.Add(Guid.NewGuid(), new Reservation(Guid.NewGuid(), 100, ImmutableDictionary<Guid, long>.Empty.Add(Member(1), 100), 0, false, At)),
        };

        Assert.Throws<LedgerInvariantViolated>(() => LedgerInvariants.Assert(corrupt));
    }

    [Fact]
    public void GivenMoreReservedThanPledged_WhenChecked_ThenTheInvariantFails()
    {
        var pool = ActivePool(Pledge(1, 5_000));
        var corrupt = pool with { Pledges = pool.Pledges.SetItem(Member(1), pool.Pledges[Member(1)] with { Reserved = 6_000 }) };

        Assert.Throws<LedgerInvariantViolated>(() => LedgerInvariants.Assert(corrupt));
    }
}
