// A minimal Parley client written from docs/protocol.md alone (Node 20+: run with --experimental-websocket;
// Node 22+ needs no flag). It signs two demo users in through the dev issuer (authorization code + PKCE, the way
// a browser would), creates a password room as the first, joins it as the second (wrong password first), chats,
// leaves, re-enters and prints the history.
//
//   node --experimental-websocket docs/examples/chat-client.mjs [gateway-url] [issuer-url]
import crypto from 'node:crypto';

const gateway = new URL(process.argv[2] ?? 'http://localhost:8080');
const issuer = process.argv[3] ?? 'http://localhost:9000';
const redirectUri = 'http://127.0.0.1/test-callback';
const base64url = (buffer) => buffer.toString('base64url');

async function signIn(username, password) {
  const verifier = base64url(crypto.randomBytes(32));
  const challenge = base64url(crypto.createHash('sha256').update(verifier).digest());
  const cookies = new Map();
  const request = async (url, options = {}) => {
    const response = await fetch(url, {
      ...options, redirect: 'manual',
      headers: { ...options.headers, cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, value] = pair.split('=');
      cookies.set(name, value);
    }
    return response;
  };
  const authorize = `${issuer}/oauth2/authorize?` + new URLSearchParams({
    response_type: 'code', client_id: 'parley-web', redirect_uri: redirectUri, scope: 'openid profile email',
    state: base64url(crypto.randomBytes(8)), code_challenge: challenge, code_challenge_method: 'S256',
  });
  let response = await request(authorize, { headers: { accept: 'text/html' } });
  const loginPage = await (await request(new URL(response.headers.get('location'), issuer))).text();
  const csrf = loginPage.match(/name="_csrf"[^>]*value="([^"]+)"/)[1];
  response = await request(`${issuer}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, _csrf: csrf }),
  });
  let location = response.headers.get('location');
  while (!location.startsWith(redirectUri)) {
    response = await request(new URL(location, issuer), { headers: { accept: 'text/html' } });
    location = response.headers.get('location');
    if (!location) throw new Error(`sign-in of ${username} failed`);
  }
  const code = new URL(location).searchParams.get('code');
  const token = await fetch(`${issuer}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', client_id: 'parley-web', code, redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  });
  return (await token.json()).access_token;
}

/** One connection: send frames, await replies by ref, collect everything else. */
function connect(name, token) {
  const socket = new WebSocket(`${gateway.protocol === 'https:' ? 'wss' : 'ws'}://${gateway.host}/ws`);
  const frames = [];
  const waiting = [];
  socket.onmessage = (event) => {
    const frame = JSON.parse(event.data);
    frames.push(frame);
    if (frame.type === 'message') console.log(`  ${name} <- #${frame.seq} ${frame.senderName}: ${frame.text}`);
    for (const w of [...waiting]) if (w.test(frame)) { waiting.splice(waiting.indexOf(w), 1); w.resolve(frame); }
  };
  const awaitFrame = (test) => new Promise((resolve, reject) => {
    const found = frames.find(test);
    if (found) return resolve(found);
    waiting.push({ test, resolve });
    setTimeout(() => reject(new Error(`${name}: no matching frame`)), 15000);
  });
  let counter = 0;
  const call = (frame) => {
    const ref = `${name}-${++counter}`;
    socket.send(JSON.stringify({ ...frame, ref }));
    return awaitFrame((f) => f.ref === ref);
  };
  const opened = new Promise((resolve) => { socket.onopen = resolve; });
  return { opened, call, awaitFrame, close: () => socket.close(), signIn: async () => { await opened; return call({ type: 'auth', token }); } };
}

const alice = connect('alice', await signIn('alice', 'alice-pass'));
const bob = connect('bob', await signIn('bob', 'bob-pass'));
console.log('alice:', (await alice.signIn()).type, '/ bob:', (await bob.signIn()).type);

const name = `Demo ${Date.now()}`;
const created = await alice.call({ type: 'room.create', name, password: 'correct horse' });
const roomId = created.room.id;
await bob.awaitFrame((f) => f.type === 'room.created' && f.room.id === roomId);
console.log(`bob saw "${name}" appear live`);
console.log('bob, wrong password:', (await bob.call({ type: 'room.join', name, password: 'nope-nope' })).code);
console.log('bob, right password:', (await bob.call({ type: 'room.join', name, password: 'correct horse' })).type);
await alice.call({ type: 'room.enter', roomId });
await bob.call({ type: 'room.enter', roomId });
const ack = await alice.call({ type: 'message.send', roomId, clientMsgId: 'a1', text: 'Hello Bob!' });
console.log(`alice's message acknowledged with seq ${ack.seq}`);
await bob.awaitFrame((f) => f.type === 'message' && f.seq === 1);
await bob.call({ type: 'message.send', roomId, clientMsgId: 'b1', text: 'Hi Alice 👋' });
await alice.awaitFrame((f) => f.type === 'message' && f.seq === 2);
await bob.call({ type: 'room.leave', roomId });
await alice.call({ type: 'message.send', roomId, clientMsgId: 'a2', text: 'Bob left, this waits in history' });
const entered = await bob.call({ type: 'room.enter', roomId });
console.log('bob re-entered; history:', entered.messages.map((m) => `#${m.seq} ${m.text}`).join(' | '));
alice.close();
bob.close();
