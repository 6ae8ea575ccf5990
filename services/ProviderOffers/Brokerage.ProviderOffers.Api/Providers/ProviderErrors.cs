namespace Brokerage.ProviderOffers.Api.Providers;

/// <summary>A provider rule was broken. Messages are safe to show the caller: no names, no personal data.</summary>
public abstract class ProviderRuleBroken(string message) : Exception(message);

public sealed class ProviderAlreadyRegistered() : ProviderRuleBroken("This organisation is already registered; update its details instead.");

public sealed class ProviderNotRegistered() : ProviderRuleBroken("No such provider.");

/// <summary>The provider does not list the council: that council's brokers cannot see it (404, as for an unknown id).</summary>
public sealed class ProviderDoesNotWorkWithCouncil() : ProviderRuleBroken("No such provider.");

public sealed class ProviderAlreadyVerified() : ProviderRuleBroken("The provider is already verified by this council.");

public sealed class ProviderAlreadySuspended() : ProviderRuleBroken("The provider is already suspended by this council.");

public sealed class SuspensionReasonRequired() : ProviderRuleBroken("A suspension needs a reason.");
