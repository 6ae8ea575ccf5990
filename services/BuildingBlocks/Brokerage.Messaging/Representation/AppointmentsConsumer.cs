using Brokerage.Members.Contracts;
using Brokerage.ServiceDefaults;
using MassTransit;

namespace Brokerage.Messaging;

/// <summary>
/// Keeps this service's copy of Members' representative appointments, which decides whom a representative may act for
/// here (<see cref="Representation"/>, ADR 0019). In the building block because every service that grants anything for
/// <c>acts_for</c> needs the same two messages kept the same way.
/// </summary>
public sealed class AppointmentsConsumer : IConsumer<RepresentativeAppointed>, IConsumer<RepresentativeEnded>
{
    public Task Consume(ConsumeContext<RepresentativeAppointed> context)
    {
        var m = context.Message;
        return Representation.RecordAppointedAsync(context.Session(), m.MemberId, m.CouncilId, m.RepresentativeId, m.AppointedAt, context.CancellationToken);
    }

    public Task Consume(ConsumeContext<RepresentativeEnded> context)
    {
        var m = context.Message;
        return Representation.RecordEndedAsync(context.Session(), m.MemberId, m.CouncilId, m.RepresentativeId, m.EndedAt, context.CancellationToken);
    }
}

public static class AppointmentsRegistration
{
    /// <summary>Consumes Members' appointment messages and checks every representative's <c>acts_for</c> against them.</summary>
    public static IBusRegistrationConfigurator AddRepresentationFromAppointments(this IBusRegistrationConfigurator bus)
    {
        Representation.AddRepresentationFromAppointments(bus);
        bus.AddConsumer<AppointmentsConsumer>();
        return bus;
    }
}
