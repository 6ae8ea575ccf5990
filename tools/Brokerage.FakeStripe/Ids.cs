using System.Security.Cryptography;

namespace Brokerage.FakeStripe;

/// <summary>Object ids shaped as Stripe's: a prefix naming the kind of object and 24 random letters and digits.</summary>
public static class Ids
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New(string prefix) => $"{prefix}_{RandomNumberGenerator.GetString(Alphabet, 24)}";
}
