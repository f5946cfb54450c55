/**
 * The value a proxy in front of several server processes hashes on (deploy/nginx/townhall.conf): picked
 * once per page and sent with every Socket.IO request (`?node=`), the long-polling handshake included, so
 * all of a connection's requests reach the process that holds it, while the phones of a venue behind one
 * address still spread over every process. Random, and tied to nothing else.
 */
const node = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, "0")).join("");

export function socketQuery() {
  return { node };
}
