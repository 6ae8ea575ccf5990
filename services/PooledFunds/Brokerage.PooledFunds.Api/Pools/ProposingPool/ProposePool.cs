namespace Brokerage.PooledFunds.Api.Pools.ProposingPool;

public sealed record ProposePool(
    Guid PoolId,
    string CouncilId,
    string Name,
    string Purpose,
    IReadOnlyList<string> Outcomes,
    IReadOnlyList<string> FundingStreams,
    Governance Governance,
    string Rules,
    string ProposedBy,
    Guid? ProposedForMember,
    DateTimeOffset At);

public static class ProposingPool
{
    public static PoolProposed Handle(ProposePool c) =>
        new(c.PoolId, c.CouncilId, c.Name, c.Purpose, c.Outcomes, c.FundingStreams, c.Governance, c.Rules, c.ProposedBy, c.ProposedForMember, c.At);
}
