namespace Brokerage.Members.Api.Members.ClosingMembership;

/// <summary>A broker closes a membership. The record stays readable for audit (7 years) and refuses every change.</summary>
public sealed record CloseMembership(Guid MemberId, DateTimeOffset ClosedAt)
{
    public static MemberClosed Handle(Member member, CloseMembership command)
    {
        member.EnsureOpen();
        return new(command.MemberId, command.ClosedAt);
    }
}

public sealed record MemberClosed(Guid MemberId, DateTimeOffset ClosedAt);
