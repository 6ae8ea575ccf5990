using System.Net;
using System.Net.Sockets;

namespace Brokerage.Testing;

/// <summary>
/// A TCP port on 127.0.0.1 that nothing listens on, below Linux's ephemeral range (32768 and up): a port from that
/// range can be taken by any outgoing connection between choosing it and the process under test binding it.
/// </summary>
public static class FreePort
{
    public static int Below32768()
    {
        for (var tries = 0; tries < 200; tries++)
        {
            var port = Random.Shared.Next(20_000, 32_768);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException("No free port between 20000 and 32767 on 127.0.0.1.");
    }
}
