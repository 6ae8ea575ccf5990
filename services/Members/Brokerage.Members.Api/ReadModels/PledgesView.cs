using Brokerage.Members.Api.Pledges;
using JasperFx;
using JasperFx.Events;
using Marten.Events.Projections;

namespace Brokerage.Members.Api.ReadModels;

/// <summary>What a member has pledged per budget year and funding stream, as PooledFunds last told us (highest version wins).</summary>
public sealed record PledgesView([property: Identity] Guid MemberId, IReadOnlyList<PledgeEntry> Pledges)
{
    public PledgeEntry? For(int budgetYear, string fundingStream) =>
        Pledges.FirstOrDefault(p => p.BudgetYear == budgetYear && p.FundingStream == fundingStream);
}

public sealed record PledgeEntry(int BudgetYear, string FundingStream, long Pledged, string Currency, long Version, DateTimeOffset ChangedAt);

/// <summary>
/// Inline, from the member's pledges stream to one document per member. Appends to one stream race (the loser's save
/// fails and its message is retried), so this read-compare-write never loses the higher version to a concurrent lower one.
/// </summary>
public sealed class PledgesProjection : MultiStreamProjection<PledgesView, Guid>
{
    public PledgesProjection() => Identity<PledgesRecorded>(e => e.MemberId);

    public override PledgesView? Evolve(PledgesView? snapshot, Guid id, IEvent e)
    {
        if (e.Data is not PledgesRecorded recorded)
        {
            return snapshot;
        }

        var view = snapshot ?? new PledgesView(recorded.MemberId, []);
        if (view.For(recorded.BudgetYear, recorded.FundingStream) is { } known && known.Version >= recorded.Version)
        {
            return view; // late or repeated: never roll back
        }

        return view with
        {
            Pledges =
            [
                .. view.Pledges.Where(p => p.BudgetYear != recorded.BudgetYear || p.FundingStream != recorded.FundingStream),
                new PledgeEntry(recorded.BudgetYear, recorded.FundingStream, recorded.Pledged, recorded.Currency, recorded.Version, recorded.ChangedAt),
            ],
        };
    }
}
