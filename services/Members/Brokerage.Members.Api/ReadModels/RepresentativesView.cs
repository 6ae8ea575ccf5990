using Brokerage.Members.Api.Members;
using Brokerage.Members.Api.Members.AppointingRepresentative;
using Brokerage.Members.Api.Members.EndingRepresentation;
using Brokerage.Members.Api.Members.RegisteringMember;
using Brokerage.ServiceDefaults;
using JasperFx;
using JasperFx.Events;

namespace Brokerage.Members.Api.ReadModels;

/// <summary>A member's representatives, past and present. Every request a representative makes checks it is still active here.</summary>
public sealed record RepresentativesView([property: Identity] Guid MemberId, IReadOnlyList<RepresentativeEntry> Representatives)
{
    public static RepresentativesView Create(MemberRegistered e) => new(e.MemberId, []);

    public RepresentativesView Apply(RepresentativeAppointed e, IEvent stored) => this with
    {
        Representatives =
        [
            .. Representatives,
            new RepresentativeEntry(
                e.RepresentativeId, e.Name, e.Relationship, e.Basis, e.CapacityAssessment, ActorNames.Of(e.AppointedBy),
                EventMetadata.Of(stored).UserId, e.AppointedAt, null, null, true),
        ],
    };

    public RepresentativesView Apply(RepresentativeEnded e, IEvent stored) => this with
    {
        Representatives = Representatives
            .Select(r => r.RepresentativeId == e.RepresentativeId ? r with { EndedAt = e.EndedAt, EndedByUser = EventMetadata.Of(stored).UserId, Active = false } : r)
            .ToArray(),
    };

    public bool IsActive(Guid representativeId) => Representatives.Any(r => r.RepresentativeId == representativeId && r.Active);
}

public sealed record RepresentativeEntry(
    Guid RepresentativeId,
    string Name,
    string? Relationship,
    string Basis,
    CapacityAssessment? CapacityAssessment,
    string AppointedBy,
    string? AppointedByUser,
    DateTimeOffset AppointedAt,
    DateTimeOffset? EndedAt,
    string? EndedByUser,
    bool Active);

public static class ActorNames
{
    public static string Of(ActorKind kind) => kind switch
    {
        ActorKind.Member => "member",
        ActorKind.Representative => "representative",
        _ => "council",
    };
}
