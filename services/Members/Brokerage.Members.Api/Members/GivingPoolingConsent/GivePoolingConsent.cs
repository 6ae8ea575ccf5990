namespace Brokerage.Members.Api.Members.GivingPoolingConsent;

/// <summary>The member (or their representative) agrees that part of their budget may be pooled.</summary>
public sealed record GivePoolingConsent(Guid MemberId, DateTimeOffset GivenAt)
{
    public static PoolingConsentGiven Handle(Member member, GivePoolingConsent command)
    {
        member.EnsureOpen();
        if (member.HasPoolingConsent)
        {
            throw new PoolingConsentAlreadyGiven();
        }

        return new(command.MemberId, command.GivenAt);
    }
}

public sealed record PoolingConsentGiven(Guid MemberId, DateTimeOffset GivenAt);
