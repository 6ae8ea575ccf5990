namespace Brokerage.Members.Api.Members.RegisteringMember;

/// <summary>A broker registers a budget holder in the broker's own council.</summary>
public sealed record RegisterMember(
    Guid MemberId, string CouncilId, string Name, Contact Contact, CommunicationNeeds CommunicationNeeds, string Pseudonym, DateTimeOffset RegisteredAt)
{
    /// <summary>Registration starts the member's stream; there is no earlier state to check.</summary>
    public static MemberRegistered Handle(RegisterMember command) =>
        new(command.MemberId, command.CouncilId, command.Name, command.Contact, command.CommunicationNeeds, command.Pseudonym, command.RegisteredAt);
}

public sealed record MemberRegistered(
    Guid MemberId, string CouncilId, string Name, Contact Contact, CommunicationNeeds CommunicationNeeds, string Pseudonym, DateTimeOffset RegisteredAt);
