namespace Brokerage.Members.Api.Members.AppointingRepresentative;

/// <summary>
/// Adds a representative: an s31 nominated person (by the member, or recorded by a broker) or an s32 authorised person
/// (by the council only, with the capacity assessment it rests on). A representative appoints no one.
/// </summary>
public sealed record AppointRepresentative(
    Guid MemberId,
    Guid RepresentativeId,
    string Name,
    string? Relationship,
    string Basis,
    CapacityAssessment? CapacityAssessment,
    Actor AppointedBy,
    DateTimeOffset AppointedAt)
{
    public static RepresentativeAppointed Handle(Member member, AppointRepresentative command)
    {
        member.EnsureOpen();
        switch (command.AppointedBy.Kind)
        {
            case ActorKind.Representative:
                throw new NotAllowedToChangeRepresentation("A representative cannot appoint another representative");
            case ActorKind.Member when command.Basis == RepresentativeBases.Authorised:
                throw new NotAllowedToChangeRepresentation("Only the council can authorise an s32 representative");
        }

        if (command.Basis == RepresentativeBases.Authorised && command.CapacityAssessment is null)
        {
            throw new CapacityAssessmentRequired();
        }

        if (member.Representatives.ContainsKey(command.RepresentativeId))
        {
            throw new RepresentativeAlreadyAppointed();
        }

        return new(
            command.MemberId,
            command.RepresentativeId,
            command.Name,
            command.Relationship,
            command.Basis,
            command.Basis == RepresentativeBases.Authorised ? command.CapacityAssessment : null,
            command.AppointedBy.Kind,
            command.AppointedAt);
    }
}

public sealed record RepresentativeAppointed(
    Guid MemberId,
    Guid RepresentativeId,
    string Name,
    string? Relationship,
    string Basis,
    CapacityAssessment? CapacityAssessment,
    ActorKind AppointedBy,
    DateTimeOffset AppointedAt);
