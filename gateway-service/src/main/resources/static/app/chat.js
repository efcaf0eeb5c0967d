// The chat page of one room: history with scroll-back, live messages, pending sends, and resume after a reconnect.
import { h, replaceChildren } from './dom.js';
import { errorText } from './rooms.js';

const PAGE_SIZE = 50;
/** Distance from the top (px) at which scrolling up loads the previous page. */
const LOAD_OLDER_THRESHOLD = 80;

/** The chat page of one room. */
export class ChatView {
  #app;
  #roomId;
  /** Highest seq received from the room's stream (the resume bookmark); older pages never move it. */
  #streamSeq = 0;
  #oldestSeq = Infinity;
  #hasMore = false;
  #entered = false;
  #resyncing = false;
  #loadingOlder = false;
  #enterRef = null;
  #bySeq = new Map();
  /** Own sends not yet confirmed, by clientMsgId: { text, element, inFlight }. */
  #pending = new Map();
  #senders = new Map();
  #title = h('h2', { id: 'room-title', dir: 'auto' });
  #scroller = h('div', { class: 'messages', 'data-testid': 'message-scroller', tabindex: '0' });
  #list = h('ol', { class: 'message-list', 'data-testid': 'message-list', 'aria-live': 'polite' });
  #olderButton = h('button', { type: 'button', class: 'older', 'data-testid': 'load-older', hidden: true,
    onclick: () => this.#loadOlder() }, 'Load older messages');
  #start = h('p', { class: 'room-start', 'data-testid': 'room-start', hidden: true }, 'This is the start of the room.');
  #people = h('ul', { 'data-testid': 'people' });
  #peopleCount = h('span');
  #banner = h('p', { class: 'error', role: 'alert', 'data-testid': 'chat-error' });
  #input = h('textarea', { id: 'message-input', rows: 1, dir: 'auto', required: true, placeholder: 'Write a message…',
    onkeydown: (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.#submit();
      }
    } });
  #listeners = [];

  constructor(app, roomId) {
    this.#app = app;
    this.#roomId = roomId;
  }

  mount(main) {
    this.#title.textContent = this.#app.directory.get(this.#roomId)?.name ?? 'Room';
    this.#scroller.append(this.#olderButton, this.#start, this.#list);
    this.#scroller.addEventListener('scroll', () => {
      if (this.#scroller.scrollTop < LOAD_OLDER_THRESHOLD) this.#loadOlder();
    });
    replaceChildren(main,
      h('div', { class: 'chat-page' },
        h('div', { class: 'chat-head' },
          h('a', { href: '#/', class: 'back', 'aria-label': 'Back to rooms' }, '←'),
          this.#title,
          h('details', { class: 'people' },
            h('summary', {}, 'People ', this.#peopleCount),
            h('p', { class: 'hint' }, 'Who has written here so far.'),
            this.#people)),
        this.#banner,
        this.#scroller,
        h('form', { class: 'composer', onsubmit: (event) => { event.preventDefault(); this.#submit(); } },
          h('label', { for: 'message-input', class: 'visually-hidden' }, 'Message'),
          this.#input,
          h('button', { id: 'send-button', type: 'submit' }, 'Send'))));
    const connection = this.#app.connection;
    this.#listen(connection, 'ready', () => this.#enter());
    this.#listen(connection, 'disconnected', () => { this.#entered = false; });
    this.#listen(connection, 'message', (event) => this.#onMessage(event.detail));
    this.#listen(connection, 'error', (event) => this.#onStreamError(event.detail));
    this.#listen(this.#app.directory, 'change', () => {
      this.#title.textContent = this.#app.directory.get(this.#roomId)?.name ?? 'Room';
    });
    if (connection.ready) this.#enter();
    this.#input.focus();
  }

  destroy() {
    for (const [target, type, listener] of this.#listeners) target.removeEventListener(type, listener);
    if (this.#entered) this.#app.connection.request({ type: 'room.leave', roomId: this.#roomId }).catch(() => {});
  }

  #listen(target, type, listener) {
    target.addEventListener(type, listener);
    this.#listeners.push([target, type, listener]);
  }

  /** Enters the room: the latest page the first time, afterwards everything after the bookmark. */
  async #enter() {
    const frame = { type: 'room.enter', roomId: this.#roomId };
    if (this.#streamSeq > 0) frame.afterSeq = this.#streamSeq;
    const reply = this.#app.connection.request(frame);
    this.#enterRef = frame.ref;
    let entered;
    try {
      entered = await reply;
    } catch (error) {
      if (error.code === 'NOT_A_MEMBER') {
        this.#app.forgetMember(this.#roomId);
        this.#app.navigate(`#/join/${this.#roomId}`, 'Enter the room’s password to join it.');
      } else if (error.code !== 'DISCONNECTED') {
        this.#banner.textContent = errorText(error);
      }
      return;
    }
    this.#banner.textContent = '';
    this.#entered = true;
    this.#resyncing = false;
    if (frame.afterSeq === undefined) this.#hasMore = entered.hasMore;
    const stick = this.#nearBottom();
    for (const message of entered.messages) {
      if (message.seq > this.#streamSeq) {
        this.#streamSeq = message.seq;
        this.#show(message);
      }
    }
    this.#updateOlderControls();
    if (stick) this.#scrollToBottom();
    for (const [clientMsgId, pending] of this.#pending) {
      if (!pending.inFlight) this.#send(clientMsgId, pending);
    }
  }

  #onMessage(message) {
    if (message.roomId !== this.#roomId || !this.#entered || this.#resyncing) return;
    if (message.seq <= this.#streamSeq) return;
    if (message.seq > this.#streamSeq + 1) {
      this.#resync();
      return;
    }
    const stick = this.#nearBottom() || message.senderId === this.#app.connection.user?.id;
    this.#streamSeq = message.seq;
    this.#show(message);
    if (stick) this.#scrollToBottom();
  }

  /** A gap in seq: leave and enter again from the bookmark, ignoring the stream meanwhile. */
  async #resync() {
    this.#resyncing = true;
    try {
      await this.#app.connection.request({ type: 'room.leave', roomId: this.#roomId });
    } catch {
      // A disconnect resumes the room anyway.
    }
    if (this.#app.connection.ready) this.#enter();
  }

  /** The room's stream failed for good on the server: enter again after a pause. */
  #onStreamError(error) {
    if (error.ref == null || error.ref !== this.#enterRef) return;
    if (error.code === 'NOT_A_MEMBER') {
      // The owner removed this user: the room is closed to them until they join again with its password.
      this.#entered = false;
      this.#app.forgetMember(this.#roomId);
      this.#app.navigate(`#/join/${this.#roomId}`, 'You are no longer a member of this room.');
      return;
    }
    this.#banner.textContent = errorText(error);
    this.#entered = false;
    setTimeout(() => { if (this.#app.connection.ready && !this.#entered) this.#enter(); }, 2000);
  }

  async #loadOlder() {
    if (!this.#hasMore || this.#loadingOlder || !this.#entered || this.#oldestSeq === Infinity) return;
    this.#loadingOlder = true;
    try {
      const page = await this.#app.connection.request({
        type: 'history.fetch', roomId: this.#roomId, beforeSeq: this.#oldestSeq, limit: PAGE_SIZE,
      });
      const height = this.#scroller.scrollHeight;
      page.messages.forEach((message) => this.#show(message));
      this.#hasMore = page.hasMore;
      this.#updateOlderControls();
      // Keep the message the reader was looking at in place.
      this.#scroller.scrollTop += this.#scroller.scrollHeight - height;
    } catch (error) {
      if (error.code !== 'DISCONNECTED') this.#banner.textContent = errorText(error);
    } finally {
      this.#loadingOlder = false;
    }
  }

  #submit() {
    const text = this.#input.value;
    if (text.trim() === '') return;
    this.#input.value = '';
    const clientMsgId = `m-${crypto.randomUUID()}`;
    const element = this.#messageElement();
    element.classList.add('own', 'pending');
    element.dataset.pending = 'true';
    element.dataset.clientMsgId = clientMsgId;
    this.#fill(element, { senderName: this.#app.connection.user?.displayName ?? 'You', text });
    this.#list.append(element);
    this.#scrollToBottom();
    const pending = { text, element, inFlight: false };
    this.#pending.set(clientMsgId, pending);
    if (this.#entered) this.#send(clientMsgId, pending);
  }

  async #send(clientMsgId, pending) {
    pending.inFlight = true;
    try {
      const ack = await this.#app.connection.request({
        type: 'message.send', roomId: this.#roomId, clientMsgId, text: pending.text,
      });
      this.#acknowledged(ack);
    } catch (error) {
      pending.inFlight = false;
      if (error.code === 'DISCONNECTED') return; // sent again, same clientMsgId, once the room is re-entered
      if (error.retryable) {
        setTimeout(() => { if (this.#entered && this.#pending.has(clientMsgId)) this.#send(clientMsgId, pending); }, 2000);
        return;
      }
      this.#pending.delete(clientMsgId);
      pending.element.classList.replace('pending', 'failed');
      delete pending.element.dataset.pending;
      pending.element.dataset.failed = 'true';
      pending.element.querySelector('.status').textContent = `Not sent: ${errorText(error)}`;
    }
  }

  /** The ack can come before the message frame: show the message at its seq now, the frame then finds it. */
  #acknowledged(ack) {
    const pending = this.#pending.get(ack.clientMsgId);
    if (!pending) return;
    this.#pending.delete(ack.clientMsgId);
    if (this.#bySeq.has(ack.seq)) {
      pending.element.remove();
      return;
    }
    const me = this.#app.connection.user;
    this.#show({ seq: ack.seq, senderId: me?.id, senderName: me?.displayName, text: pending.text,
      sentAt: ack.sentAt, clientMsgId: ack.clientMsgId }, pending.element);
  }

  /** Shows a message at its seq, reusing the element already there (or the pending one) so nothing doubles. */
  #show(message, reuse) {
    const me = this.#app.connection.user;
    const own = message.senderId != null && message.senderId === me?.id;
    let element = this.#bySeq.get(message.seq) ?? reuse;
    const pending = own && message.clientMsgId ? this.#pending.get(message.clientMsgId) : undefined;
    if (pending) {
      this.#pending.delete(message.clientMsgId);
      if (element) pending.element.remove();
      else element = pending.element;
    }
    element ??= this.#messageElement();
    element.classList.remove('pending');
    element.classList.toggle('own', own);
    delete element.dataset.pending;
    element.dataset.seq = String(message.seq);
    this.#fill(element, message);
    this.#bySeq.set(message.seq, element);
    this.#oldestSeq = Math.min(this.#oldestSeq, message.seq);
    this.#place(element, message.seq);
    if (message.senderId != null) this.#seen(message.senderId, message.senderName);
  }

  #messageElement() {
    return h('li', { class: 'message', 'data-testid': 'message' },
      h('div', { class: 'meta' },
        h('span', { class: 'sender', dir: 'auto', 'data-testid': 'message-sender' }),
        h('time', { class: 'time' }),
        h('span', { class: 'status', 'data-testid': 'message-status' })),
      h('p', { class: 'text', dir: 'auto', 'data-testid': 'message-text' }));
  }

  #fill(element, message) {
    element.querySelector('.sender').textContent = message.senderName ?? message.senderId ?? '';
    element.querySelector('.text').textContent = message.text;
    const time = element.querySelector('.time');
    if (message.sentAt) {
      const sentAt = new Date(message.sentAt);
      time.dateTime = message.sentAt;
      time.title = sentAt.toLocaleString();
      time.textContent = sentAt.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    }
    element.querySelector('.status').textContent = message.seq === undefined ? 'Sending…' : '';
  }

  /** Keeps the list in seq order, pending sends last. */
  #place(element, seq) {
    let before = null;
    for (let child = this.#list.lastElementChild; child; child = child.previousElementSibling) {
      if (child === element) continue;
      if (child.dataset.seq === undefined || Number(child.dataset.seq) > seq) before = child;
      else break;
    }
    if (element.nextElementSibling !== before || element.parentElement !== this.#list) {
      this.#list.insertBefore(element, before);
    }
  }

  #seen(senderId, senderName) {
    if (this.#senders.get(senderId) === senderName) return;
    this.#senders.set(senderId, senderName);
    replaceChildren(this.#people, [...this.#senders].map(([id, name]) =>
      h('li', { dir: 'auto', 'data-user-id': id }, name ?? id)));
    this.#peopleCount.textContent = `(${this.#senders.size})`;
  }

  #updateOlderControls() {
    this.#olderButton.hidden = !this.#hasMore;
    this.#start.hidden = this.#hasMore;
  }

  #nearBottom() {
    const scroller = this.#scroller;
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 60;
  }

  #scrollToBottom() {
    this.#scroller.scrollTop = this.#scroller.scrollHeight;
  }
}
