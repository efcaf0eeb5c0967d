// One WebSocket to the gateway (docs/protocol.md): first-frame auth, request/reply by `ref`, automatic
// reconnection with jittered exponential backoff, and token renewal on the open socket.

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;
/** Failed attempts in a row after which the state reads "offline" (still retrying, at the maximum delay). */
const ATTEMPTS_BEFORE_OFFLINE = 6;

/** A failed request: `code` is the protocol's error code, or DISCONNECTED when the socket closed first. */
export class RequestError extends Error {
  constructor(code, message, retryable) {
    super(message);
    this.code = code;
    this.retryable = retryable;
  }
}

/**
 * Events: `state` (detail: connecting | connected | reconnecting | offline), `ready` (detail: the ready frame),
 * `token-renewed` (detail: the auth.refreshed frame), `disconnected`, `signin-required`, and one event per unsolicited
 * server frame, named by its type (`rooms`, `room.created`, `message`, `error`).
 */
export class Connection extends EventTarget {
  #url;
  #getToken;
  #socket = null;
  #ready = false;
  #nextRef = 1;
  #pending = new Map();
  #attempt = 0;
  #timer = null;
  #stopped = false;
  #needFreshToken = false;
  state = 'connecting';
  user = null;

  /**
   * `getToken({renew})` returns (a promise of) the access token, a fresh one if `renew`; it rejects when the user must
   * sign in again.
   */
  constructor(url, getToken) {
    super();
    this.#url = url;
    this.#getToken = getToken;
    window.addEventListener('online', () => this.reconnectNow());
    window.addEventListener('offline', () => this.#setState('offline'));
  }

  get ready() {
    return this.#ready;
  }

  start() {
    this.#stopped = false;
    this.#open();
  }

  stop() {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#socket?.close(1000, 'bye');
  }

  /** Reconnects at once if not connected (skipping the backoff delay). */
  reconnectNow() {
    if (this.#stopped || this.#socket) return;
    clearTimeout(this.#timer);
    this.#open();
  }

  /** Sends a frame and resolves with the reply that carries its `ref`, or rejects with a RequestError. */
  request(frame) {
    frame.ref = String(this.#nextRef++);
    if (!this.#ready) {
      return Promise.reject(new RequestError('DISCONNECTED', 'Not connected', true));
    }
    return this.#send(frame);
  }

  /** Hands a renewed access token to the open socket, so it outlives the old token. */
  renewToken(token) {
    if (!this.#ready) return;
    this.request({ type: 'auth', token })
      .then((refreshed) => this.dispatchEvent(new CustomEvent('token-renewed', { detail: refreshed })))
      .catch((error) => console.warn('token renewal refused', error.code));
  }

  #send(frame) {
    return new Promise((resolve, reject) => {
      this.#pending.set(frame.ref, { resolve, reject });
      this.#socket.send(JSON.stringify(frame));
    });
  }

  async #open() {
    if (!this.user) this.#setState('connecting');
    let token;
    try {
      token = await this.#getToken({ renew: this.#needFreshToken });
      this.#needFreshToken = false;
    } catch {
      this.#setState('offline');
      this.dispatchEvent(new Event('signin-required'));
      return;
    }
    if (this.#stopped) return;
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    socket.onopen = () => this.#authenticate(socket, token);
    socket.onmessage = (event) => this.#onFrame(event.data);
    socket.onclose = (event) => this.#onClose(socket, event.code);
  }

  async #authenticate(socket, token) {
    try {
      const ready = await this.#send({ type: 'auth', ref: String(this.#nextRef++), token });
      if (socket !== this.#socket) return;
      this.#ready = true;
      this.#attempt = 0;
      this.user = ready.user;
      this.#setState('connected');
      this.dispatchEvent(new CustomEvent('ready', { detail: ready }));
    } catch (error) {
      // The server closes the socket after a refused auth; onclose decides what comes next.
      console.warn('sign-in on the socket refused', error.code);
    }
  }

  #onFrame(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    const waiting = frame.ref != null ? this.#pending.get(frame.ref) : undefined;
    if (waiting) {
      this.#pending.delete(frame.ref);
      if (frame.type === 'error') waiting.reject(new RequestError(frame.code, frame.message, frame.retryable));
      else waiting.resolve(frame);
      return;
    }
    this.dispatchEvent(new CustomEvent(frame.type, { detail: frame }));
  }

  #onClose(socket, code) {
    if (socket !== this.#socket) return;
    console.info('connection closed with code', code);
    this.#socket = null;
    this.#ready = false;
    for (const waiting of this.#pending.values()) {
      waiting.reject(new RequestError('DISCONNECTED', 'Connection lost', true));
    }
    this.#pending.clear();
    this.dispatchEvent(new Event('disconnected'));
    if (this.#stopped) return;
    if (code === 4501) {
      // The token was refused: get a fresh one (silently if the issuer session allows) before trying again.
      this.#needFreshToken = true;
      this.#scheduleReconnect(this.#backoff());
    } else if (code === 4503) {
      window.location.reload();
    } else {
      this.#scheduleReconnect(code === 4000 ? 0 : this.#backoff());
    }
  }

  /** Full jitter: a random delay up to an exponentially growing cap, so clients do not reconnect in lockstep. */
  #backoff() {
    const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** this.#attempt);
    this.#attempt++;
    return Math.random() * cap;
  }

  #scheduleReconnect(delay) {
    const offline = !navigator.onLine || this.#attempt >= ATTEMPTS_BEFORE_OFFLINE;
    this.#setState(offline ? 'offline' : 'reconnecting');
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#open(), delay + (delay === 0 ? Math.random() * 250 : 0));
  }

  #setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: state }));
  }
}
