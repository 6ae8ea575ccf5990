namespace Brokerage.Members.Api.Members.CorrectingDetails;

/// <summary>The member, a representative or a broker corrects details; fields left null stay as they are.</summary>
public sealed record CorrectMemberDetails(
    Guid MemberId, string? Name, Contact? Contact, CommunicationNeeds? CommunicationNeeds, string? Pseudonym, DateTimeOffset CorrectedAt)
{
    public static MemberDetailsCorrected Handle(Member member, CorrectMemberDetails command)
    {
        member.EnsureOpen();
        return new(command.MemberId, command.Name, command.Contact, command.CommunicationNeeds, command.Pseudonym, command.CorrectedAt);
    }
}

/// <summary>Only the corrected fields are set.</summary>
public sealed record MemberDetailsCorrected(
    Guid MemberId, string? Name, Contact? Contact, CommunicationNeeds? CommunicationNeeds, string? Pseudonym, DateTimeOffset CorrectedAt);
