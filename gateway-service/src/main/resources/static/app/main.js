// Starts the web client: signs in, opens the connection, and routes between the rooms and chat pages.
import { createUserManager, loadConfig } from './auth.js';
import { ChatView } from './chat.js';
import { Connection } from './connection.js';
import { RoomsView } from './rooms.js';

const STATE_TEXT = { connecting: 'Connecting…', connected: 'Connected', reconnecting: 'Reconnecting…', offline: 'Offline' };

/** Every room seen, keyed by id (`rooms` and `room.created` frames may repeat a room): for looking rooms up. */
class RoomDirectory extends EventTarget {
  #rooms = new Map();

  add(...rooms) {
    for (const room of rooms) this.#rooms.set(room.id, room);
    this.dispatchEvent(new Event('change'));
  }

  get(id) {
    return this.#rooms.get(id);
  }
}

const NAME_ORDER = new Intl.Collator(undefined, { sensitivity: 'base' });

function normalized(text) {
  return text.normalize('NFC').trim().toLowerCase();
}

/**
 * The room list as the rooms page shows it: the pages loaded so far for the current search, in name order, kept
 * live by `room.created`. The server sends the list in pages (docs/protocol.md, section 4).
 */
class RoomListing extends EventTarget {
  #connection;
  #directory;
  #rooms = new Map();
  #offered = new Map();
  // Counts searches, so that the answer to an older one never replaces a newer one.
  #generation = 0;
  search = '';
  next = null;
  loading = false;
  failure = null;

  constructor(connection, directory) {
    super();
    this.#connection = connection;
    this.#directory = directory;
  }

  /**
   * A first page the server sent unasked (after signing in, or after it lost track of new rooms): merged, and paging
   * goes on from its end, so that rooms created meanwhile further down the list come with the next pages.
   */
  reset(frame) {
    if (this.search) {
      this.find(this.search);
      return;
    }
    this.#generation++;
    this.#take(frame);
  }

  /** Shows the rooms whose name contains `search` (all rooms when it is blank), from the first page. */
  async find(search) {
    this.search = search.trim();
    const generation = ++this.#generation;
    await this.#load({ type: 'rooms.list', search: this.search || null }, generation, true);
  }

  /** Loads the next page, if there is one. */
  async more() {
    if (this.next === null || this.loading) return;
    await this.#load({ type: 'rooms.list', search: this.search || null, after: this.next }, this.#generation, false);
  }

  /**
   * A room created anywhere: listed at once if it matches the search. NOTE: also when it sorts after the pages
   * loaded — the browser's order is not the database's, so it cannot tell which page the room belongs to; when that
   * page comes, the room is the same entry (keyed by id).
   */
  offer(room) {
    if (!normalized(room.name).includes(normalized(this.search))) return;
    // A page being loaded may have been read before this room was created: it is added to that page too.
    if (this.loading) this.#offered.set(room.id, room);
    this.#rooms.set(room.id, room);
    this.dispatchEvent(new Event('change'));
  }

  sorted() {
    return [...this.#rooms.values()].sort((a, b) => NAME_ORDER.compare(a.name, b.name));
  }

  async #load(frame, generation, replace) {
    this.loading = true;
    this.failure = null;
    this.#offered.clear();
    this.dispatchEvent(new Event('change'));
    try {
      const page = await this.#connection.request(frame);
      if (generation !== this.#generation) return;
      if (replace) this.#rooms.clear();
      this.#take(page);
    } catch (failure) {
      if (generation !== this.#generation) return;
      if (replace) {
        // The rooms shown belong to the previous search: paging on from its cursor would skip rooms of this one.
        this.#rooms.clear();
        this.next = null;
      }
      this.loading = false;
      this.failure = failure;
      this.dispatchEvent(new Event('change'));
    }
  }

  #take(page) {
    for (const room of page.rooms) this.#rooms.set(room.id, room);
    this.next = page.next ?? null;
    for (const room of this.#offered.values()) this.#rooms.set(room.id, room);
    this.#offered.clear();
    this.loading = false;
    this.failure = null;
    this.#directory.add(...page.rooms);
    this.dispatchEvent(new Event('change'));
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
    this.listing = new RoomListing(connection, this.directory);
    this.#memberKey = `parley.joined.${userId}`;
    // The rooms joined here are known even when they are not on a page loaded (the chat page shows their name).
    this.directory.add(...this.#members().filter((entry) => typeof entry === 'object'));
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
  // and the chat page falls back to the join form when the server says NOT_A_MEMBER. Entries are rooms; older
  // versions stored only room ids.
  isMember(roomId) {
    return this.#members().some((entry) => (entry?.id ?? entry) === roomId);
  }

  rememberMember(room) {
    const others = this.#members().filter((entry) => (entry?.id ?? entry) !== room.id);
    localStorage.setItem(this.#memberKey, JSON.stringify([...others, room]));
  }

  forgetMember(roomId) {
    localStorage.setItem(this.#memberKey,
      JSON.stringify(this.#members().filter((entry) => (entry?.id ?? entry) !== roomId)));
  }

  #members() {
    try {
      const stored = JSON.parse(localStorage.getItem(this.#memberKey));
      return Array.isArray(stored)
        ? stored.filter((entry) => typeof entry === 'string' || typeof entry?.id === 'string') : [];
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
  connection.addEventListener('rooms', (event) => app.listing.reset(event.detail));
  connection.addEventListener('room.created', (event) => {
    app.directory.add(event.detail.room);
    app.listing.offer(event.detail.room);
  });
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
