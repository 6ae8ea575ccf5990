namespace Brokerage.Members.Api.Members.WithdrawingPoolingConsent;

/// <summary>Withdrawing consent stops new pledges in PooledFunds; existing pledges stay until the member lowers or withdraws them.</summary>
public sealed record WithdrawPoolingConsent(Guid MemberId, DateTimeOffset WithdrawnAt)
{
    public static PoolingConsentWithdrawn Handle(Member member, WithdrawPoolingConsent command)
    {
        member.EnsureOpen();
        if (!member.HasPoolingConsent)
        {
            throw new PoolingConsentNotGiven();
        }

        return new(command.MemberId, command.WithdrawnAt);
    }
}

public sealed record PoolingConsentWithdrawn(Guid MemberId, DateTimeOffset WithdrawnAt);
