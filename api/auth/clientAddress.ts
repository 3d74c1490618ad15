import { isIPv6 } from 'node:net';
import type { Request } from 'express';

/** The eight groups of an IPv6 address, `::` expanded (an embedded IPv4 tail counts as two). */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const part = (text: string): string[] => (text ? text.split(':') : []);
  const headGroups = part(head);
  const tailGroups = tail === undefined ? [] : part(tail);
  const missing = 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailGroups];
}

/**
 * The client address limits are kept by. It is Express's `req.ip`: the socket's peer, or the
 * X-Forwarded-For entry a proxy on loopback added (the shared app trusts only loopback proxies,
 * so a remote client cannot name its own address). IPv4-mapped addresses count as IPv4; an IPv6
 * client counts by its /64, the block one subscriber gets, so it cannot rotate through its own.
 */
export function clientAddress(req: Pick<Request, 'ip'>): string {
  const ip = (req.ip ?? 'unknown').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (!isIPv6(ip)) return ip;
  const groups = ipv6Groups(ip.toLowerCase().split('%')[0] ?? ip);
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** Who is signing in, as far as the server can tell: the client address and its User-Agent. */
export interface SignInClient {
  address: string;
  userAgent: string;
}

export function signInClient(req: Pick<Request, 'ip' | 'headers'>): SignInClient {
  const userAgent = req.headers['user-agent'];
  return {
    address: clientAddress(req),
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 500) : '',
  };
}
