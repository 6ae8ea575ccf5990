namespace Brokerage.Members.Api.Members.EndingRepresentation;

/// <summary>
/// Ends a representative's appointment. The council may end any; the member may end a nomination they could have made
/// (s31) but not an s32 authorisation; a representative may step down from their own appointment only.
/// </summary>
public sealed record EndRepresentation(Guid MemberId, Guid RepresentativeId, Actor EndedBy, DateTimeOffset EndedAt)
{
    public static RepresentativeEnded Handle(Member member, EndRepresentation command)
    {
        member.EnsureOpen();
        if (!member.Representatives.TryGetValue(command.RepresentativeId, out var representation))
        {
            throw new RepresentativeNotFound();
        }

        switch (command.EndedBy.Kind)
        {
            case ActorKind.Representative when command.EndedBy.RepresentativeId != command.RepresentativeId:
                throw new NotAllowedToChangeRepresentation("A representative can end only their own appointment");
            case ActorKind.Member when representation.Basis == RepresentativeBases.Authorised:
                throw new NotAllowedToChangeRepresentation("Only the council can end an s32 authorisation");
        }

        if (!representation.IsActive)
        {
            throw new RepresentativeAlreadyEnded();
        }

        return new(command.MemberId, command.RepresentativeId, command.EndedAt);
    }
}

public sealed record RepresentativeEnded(Guid MemberId, Guid RepresentativeId, DateTimeOffset EndedAt);
