/**
 * wasi:sockets, refused: wasi-kit grants no network. Creating a socket fails with `access-denied`
 * and name lookups with `permanent-resolver-failure`, as wasmtime answers when TCP, UDP and name
 * lookup are not allowed (`-S tcp=n,udp=n`, no `allow-ip-name-lookup`). No socket ever exists,
 * so the resource classes are there only for the component's type checks.
 */

class Network {}
class TcpSocket {}
class UdpSocket {}
class IncomingDatagramStream {}
class OutgoingDatagramStream {}
class ResolveAddressStream {}

export function socketInterfaces() {
  return {
    'wasi:sockets/network': { Network, networkErrorCode: () => undefined },
    'wasi:sockets/instance-network': { instanceNetwork: () => new Network() },
    'wasi:sockets/tcp-create-socket': {
      createTcpSocket: (): never => {
        throw 'access-denied';
      },
    },
    'wasi:sockets/udp-create-socket': {
      createUdpSocket: (): never => {
        throw 'access-denied';
      },
    },
    'wasi:sockets/tcp': { TcpSocket },
    'wasi:sockets/udp': { UdpSocket, IncomingDatagramStream, OutgoingDatagramStream },
    'wasi:sockets/ip-name-lookup': {
      ResolveAddressStream,
      resolveAddresses: (): never => {
        throw 'permanent-resolver-failure';
      },
    },
  };
}
