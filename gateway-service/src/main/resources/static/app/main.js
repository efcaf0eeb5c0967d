// Starts the web client: signs in, opens the connection, and routes between the rooms and chat pages.
import { createUserManager, loadConfig } from './auth.js';
import { ChatView } from './chat.js';
import { Connection } from './connection.js';
import { RoomsView } from './rooms.js';

const STATE_TEXT = { connecting: 'Connecting…', connected: 'Connected', reconnecting: 'Reconnecting…', offline: 'Offline' };

/** Every room seen, keyed by id: `rooms` and `room.created` frames may repeat a room. */
class RoomDirectory extends EventTarget {
  #rooms = new Map();

  add(...rooms) {
    for (const room of rooms) this.#rooms.set(room.id, room);
    this.dispatchEvent(new Event('change'));
  }

  get(id) {
    return this.#rooms.get(id);
  }

  sorted() {
    return [...this.#rooms.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}

/** What the pages share: the connection, the rooms, navigation and which rooms this user has joined. */
class App {
  directory = new RoomDirectory();
  #view = null;
  #notice = null;
  #memberKey;

  constructor(connection, userId) {
    this.connection = connection;
    this.#memberKey = `parley.joined.${userId}`;
  }

  /** Goes to a page; `notice` is shown there once. */
  navigate(hash, notice = null) {
    this.#notice = notice;
    if (window.location.hash === hash) this.route();
    else window.location.hash = hash;
  }

  route() {
    const [, page, id] = window.location.hash.match(/^#\/(room|join)\/([0-9a-fA-F-]{36})$/) ?? [];
    this.#view?.destroy();
    this.#view = page === 'room' ? new ChatView(this, id) : new RoomsView(this, id, this.#notice);
    this.#notice = null;
    this.#view.mount(document.getElementById('view'));
  }

  // NOTE: there is no "my rooms" request in the protocol; remembering joins only saves a password prompt,
  // and the chat page falls back to the join form when the server says NOT_A_MEMBER.
  isMember(roomId) {
    return this.#members().includes(roomId);
  }

  rememberMember(roomId) {
    if (!this.isMember(roomId)) localStorage.setItem(this.#memberKey, JSON.stringify([...this.#members(), roomId]));
  }

  forgetMember(roomId) {
    localStorage.setItem(this.#memberKey, JSON.stringify(this.#members().filter((id) => id !== roomId)));
  }

  #members() {
    try {
      return JSON.parse(localStorage.getItem(this.#memberKey)) ?? [];
    } catch {
      return [];
    }
  }
}

function showState(state) {
  const badge = document.getElementById('connection-state');
  badge.dataset.state = state;
  badge.textContent = STATE_TEXT[state] ?? state;
}

/**
 * Shows on the badge when the server ends this connection's token (`data-token-expires-at`) and how many renewed
 * tokens it accepted on it (`data-token-renewals`): enough to see renewal work without ever showing a token.
 */
function showToken(expiresAt, renewals) {
  const badge = document.getElementById('connection-state');
  badge.dataset.tokenExpiresAt = expiresAt ?? '';
  badge.dataset.tokenRenewals = String(renewals);
}

function returnPath() {
  return window.location.pathname + window.location.search + window.location.hash;
}

async function start() {
  const config = await loadConfig();
  const userManager = createUserManager(config);
  const user = await userManager.getUser();
  if (!user || user.expired) {
    await userManager.signinRedirect({ state: returnPath() });
    return;
  }
  const profile = user.profile;
  document.getElementById('user-name').textContent = profile.name ?? profile.preferred_username ?? profile.sub;

  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const connection = new Connection(`${scheme}://${window.location.host}${config.webSocketPath || '/ws'}`,
    async ({ renew }) => {
      let current = await userManager.getUser();
      if (renew || !current || current.expired) current = await userManager.signinSilent();
      return current.access_token;
    });
  const app = new App(connection, profile.sub);

  connection.addEventListener('state', (event) => showState(event.detail));
  let renewals = 0;
  connection.addEventListener('ready', (event) => {
    document.getElementById('user-name').textContent = event.detail.user.displayName;
    renewals = 0;
    showToken(event.detail.tokenExpiresAt, renewals);
  });
  connection.addEventListener('token-renewed', (event) => showToken(event.detail.tokenExpiresAt, ++renewals));
  connection.addEventListener('rooms', (event) => app.directory.add(...event.detail.rooms));
  connection.addEventListener('room.created', (event) => app.directory.add(event.detail.room));
  connection.addEventListener('signin-required', () => userManager.signinRedirect({ state: returnPath() }));
  userManager.events.addUserLoaded((renewed) => connection.renewToken(renewed.access_token));
  userManager.events.addSilentRenewError((error) => console.warn('silent token renewal failed', error.message));
  // The gateway says when the socket's token has expired and waits a grace period for a renewed one: renew at once
  // instead of waiting for the library's timer, which browsers slow down in background tabs.
  connection.addEventListener('error', (event) => {
    if (event.detail?.code !== 'TOKEN_EXPIRED') return;
    userManager.signinSilent().catch((error) => console.warn('silent token renewal failed', error.message));
  });

  const signOut = document.getElementById('sign-out');
  signOut.hidden = false;
  signOut.addEventListener('click', async () => {
    connection.stop();
    await userManager.signoutRedirect({ id_token_hint: user.id_token });
  });

  window.addEventListener('hashchange', () => app.route());
  app.route();
  connection.start();
}

start().catch((error) => {
  showState('offline');
  document.getElementById('view').textContent = `Parley could not start: ${error.message}`;
});
