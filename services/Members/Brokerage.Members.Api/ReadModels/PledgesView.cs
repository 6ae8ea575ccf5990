using Brokerage.EventStore;
using Brokerage.Members.Api.Pledges;

namespace Brokerage.Members.Api.ReadModels;

/// <summary>What a member has pledged per budget year and funding stream, as PooledFunds last told us (highest version wins).</summary>
public sealed record PledgesView(Guid MemberId, IReadOnlyList<PledgeEntry> Pledges)
{
    public PledgeEntry? For(int budgetYear, string fundingStream) =>
        Pledges.FirstOrDefault(p => p.BudgetYear == budgetYear && p.FundingStream == fundingStream);
}

public sealed record PledgeEntry(int BudgetYear, string FundingStream, long Pledged, string Currency, long Version, DateTimeOffset ChangedAt);

/// <summary>
/// Inline, on the member's pledges stream. The stream lock serialises deliveries for one member, so this
/// read-compare-write never loses the higher version to a concurrent lower one.
/// </summary>
public sealed class PledgesProjection : DocumentProjection<PledgesView>
{
    public PledgesProjection() => Handles<PledgesRecorded>();

    protected override string DocumentId(IEvent @event) => ((PledgesRecorded)@event.Data).MemberId.ToString();

    protected override PledgesView Evolve(PledgesView? current, IEvent @event)
    {
        var e = (PledgesRecorded)@event.Data;
        var view = current ?? new PledgesView(e.MemberId, []);
        if (view.For(e.BudgetYear, e.FundingStream) is { } known && known.Version >= e.Version)
        {
            return view; // late or repeated: never roll back
        }

        return view with
        {
            Pledges =
            [
                .. view.Pledges.Where(p => p.BudgetYear != e.BudgetYear || p.FundingStream != e.FundingStream),
                new PledgeEntry(e.BudgetYear, e.FundingStream, e.Pledged, e.Currency, e.Version, e.ChangedAt),
            ],
        };
    }
}
