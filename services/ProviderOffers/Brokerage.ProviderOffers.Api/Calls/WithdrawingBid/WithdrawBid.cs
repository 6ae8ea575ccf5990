namespace Brokerage.ProviderOffers.Api.Calls.WithdrawingBid;

/// <summary>The bidding provider withdraws its bid before closing. Withdrawal is final: the bid is not opened.</summary>
public sealed record WithdrawBid(Guid CallId, Guid BidId, Guid ProviderId, DateTimeOffset WithdrawnAt)
{
    public static BidWithdrawn Handle(CallForOffers call, WithdrawBid command)
    {
        var bid = call.Bids.FirstOrDefault(b => b.BidId == command.BidId && b.ProviderId == command.ProviderId)
            ?? throw new BidNotFound();
        call.EnsureOpenAt(command.WithdrawnAt);
        return bid.Withdrawn
            ? throw new BidAlreadyWithdrawn()
            : new BidWithdrawn(command.CallId, command.BidId, command.ProviderId, command.WithdrawnAt);
    }
}

public sealed record BidWithdrawn(Guid CallId, Guid BidId, Guid ProviderId, DateTimeOffset WithdrawnAt);
