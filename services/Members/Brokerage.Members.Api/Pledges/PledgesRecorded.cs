using System.Security.Cryptography;
using System.Text;

namespace Brokerage.Members.Api.Pledges;

/// <summary>
/// What PooledFunds told us a member has pledged from one stream for one budget year (MemberPledgesChanged), recorded
/// on the member's pledges stream. Every delivery is kept; the budget view keeps the highest <paramref name="Version"/>,
/// so a late or repeated delivery never rolls the figure back.
/// </summary>
public sealed record PledgesRecorded(
    Guid MemberId, string CouncilId, int BudgetYear, string FundingStream, long Pledged, string Currency, long Version, DateTimeOffset ChangedAt);

/// <summary>
/// A member's pledges live on a stream of their own, apart from the member's stream: deliveries from PooledFunds never
/// collide with a member's commands (no spurious 409), and two deliveries for one member that append at once conflict on
/// this stream (one commits, the other is retried), so the budget view's "keep the highest version" is never a lost update.
/// </summary>
public static class PledgeStreams
{
    public static Guid For(Guid memberId)
    {
        var hash = MD5.HashData(Encoding.UTF8.GetBytes($"members/pledges/{memberId:N}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x30); // an RFC 4122 name-based (version 3) id
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true);
    }
}
