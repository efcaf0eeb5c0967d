// The rooms page: the live list of rooms, creating a room, and joining one with its password.
import { h, replaceChildren } from './dom.js';

const ERROR_TEXT = {
  ROOM_ACCESS_DENIED: 'Wrong password for this room. Check it and try again.',
  ROOM_NAME_TAKEN: 'A room with this name already exists. Pick another name.',
  INVALID_ROOM_NAME: 'Room names have 1–64 letters, digits, spaces, “-”, “_” or “.”, and start with a letter or digit.',
  INVALID_PASSWORD: 'Room passwords have at least 8 characters (at most 72 bytes).',
  DISCONNECTED: 'Not connected right now. Try again in a moment.',
};

/** A readable sentence for a failed request. */
export function errorText(error) {
  return ERROR_TEXT[error.code] ?? error.message ?? 'Something went wrong.';
}

/** The rooms page; `joinRoomId` opens the join form for that room. */
export class RoomsView {
  #app;
  #joinRoomId;
  #notice;
  #list = h('ul', { class: 'room-list', 'data-testid': 'room-list', 'aria-label': 'Rooms' });
  #more = h('button', { type: 'button', class: 'secondary more-rooms', 'data-testid': 'more-rooms',
    onclick: () => this.#app.listing.more() }, 'More rooms');
  #listStatus = h('p', { class: 'hint', role: 'status', 'data-testid': 'room-list-status' });
  #joinPanel = h('section', { class: 'card', 'aria-labelledby': 'join-title' });
  #onRoomsChanged = () => this.#renderList();
  #searchTimer = null;

  constructor(app, joinRoomId, notice) {
    this.#app = app;
    this.#joinRoomId = joinRoomId;
    this.#notice = notice;
  }

  mount(main) {
    replaceChildren(main,
      h('div', { class: 'rooms-page' },
        h('section', { class: 'card' },
          h('h2', {}, 'Rooms'),
          h('p', { class: 'hint' }, 'Pick a room to join it, or create a new one.'),
          this.#searchField(),
          this.#list,
          this.#listStatus,
          this.#more),
        this.#joinPanel,
        this.#createForm()));
    this.#app.listing.addEventListener('change', this.#onRoomsChanged);
    this.#app.directory.addEventListener('change', this.#onRoomsChanged);
    this.#renderList();
    this.#renderJoinPanel();
  }

  destroy() {
    clearTimeout(this.#searchTimer);
    this.#app.listing.removeEventListener('change', this.#onRoomsChanged);
    this.#app.directory.removeEventListener('change', this.#onRoomsChanged);
  }

  #searchField() {
    const input = h('input', {
      id: 'room-search', type: 'search', maxlength: 64, autocomplete: 'off', dir: 'auto',
      placeholder: 'Find a room by name', 'aria-label': 'Find a room by name', 'data-testid': 'room-search',
      value: this.#app.listing.search,
      // Searches once typing pauses, not on every key.
      oninput: () => {
        clearTimeout(this.#searchTimer);
        this.#searchTimer = setTimeout(() => this.#app.listing.find(input.value), 250);
      },
    });
    return input;
  }

  #renderList() {
    const listing = this.#app.listing;
    const rooms = listing.sorted();
    let empty = listing.search ? 'No room name contains that.' : 'No rooms yet.';
    if (listing.loading) empty = 'Loading rooms…';
    replaceChildren(this.#list, rooms.length === 0
      ? h('li', { class: 'empty' }, empty)
      : rooms.map((room) => h('li', {},
        h('a', {
          class: 'room-item' + (room.id === this.#joinRoomId ? ' selected' : ''),
          href: this.#app.isMember(room.id) ? `#/room/${room.id}` : `#/join/${room.id}`,
          'data-testid': 'room-item',
          'data-room-id': room.id,
          'data-room-name': room.name,
        }, h('span', { class: 'room-name', dir: 'auto' }, room.name),
        h('span', { class: 'room-meta' }, `by ${room.createdBy}`)))));
    this.#listStatus.textContent = listing.failure ? `Could not load rooms: ${errorText(listing.failure)}` : '';
    this.#more.hidden = listing.next === null;
    this.#more.disabled = listing.loading;
    this.#renderJoinPanel();
  }

  #renderJoinPanel() {
    if (!this.#joinRoomId) {
      this.#joinPanel.hidden = true;
      return;
    }
    // NOTE: a link to a room on no page loaded here (the list comes in pages) still opens a join form: the room is
    // joined by name, which the user then types; the name fills in if the room turns up in the list meanwhile.
    const room = this.#app.directory.get(this.#joinRoomId);
    const key = room ? room.id : `unknown:${this.#joinRoomId}`;
    this.#joinPanel.hidden = false;
    if (this.#joinPanel.dataset.roomId === key) return;
    this.#joinPanel.dataset.roomId = key;
    const name = room ? null : h('input', {
      id: 'join-name', required: true, maxlength: 64, autocomplete: 'off', dir: 'auto',
    });
    const password = h('input', {
      id: 'join-password', type: 'password', required: true, autocomplete: 'off', 'aria-describedby': 'join-error',
    });
    const error = h('p', { id: 'join-error', class: 'error', role: 'alert', 'data-testid': 'join-error' },
      this.#notice ?? '');
    const submit = h('button', { id: 'join-submit', type: 'submit' }, 'Join');
    const form = h('form', {
      onsubmit: async (event) => {
        event.preventDefault();
        submit.disabled = true;
        error.textContent = '';
        try {
          const joined = await this.#app.connection.request({
            type: 'room.join', name: room ? room.name : name.value.trim(), password: password.value,
          });
          this.#app.directory.add(joined.room);
          this.#app.rememberMember(joined.room);
          this.#app.navigate(`#/room/${joined.room.id}`);
        } catch (failure) {
          error.textContent = errorText(failure);
          password.value = '';
          password.focus();
        } finally {
          submit.disabled = false;
        }
      },
    },
    room ? h('h2', { id: 'join-title' }, 'Join ', h('span', { dir: 'auto' }, room.name))
      : h('h2', { id: 'join-title' }, 'Join a room'),
    name ? [h('label', { for: 'join-name' }, 'Room name'), name] : null,
    h('label', { for: 'join-password' }, 'Room password'),
    password,
    error,
    h('div', { class: 'actions' }, submit, h('a', { href: '#/', class: 'secondary' }, 'Cancel')));
    replaceChildren(this.#joinPanel, form);
    (name ?? password).focus();
  }

  #createForm() {
    const name = h('input', { id: 'create-name', required: true, maxlength: 64, autocomplete: 'off', dir: 'auto' });
    const password = h('input', {
      id: 'create-password', type: 'password', required: true, minlength: 8, autocomplete: 'new-password',
    });
    const error = h('p', { id: 'create-error', class: 'error', role: 'alert', 'data-testid': 'create-error' });
    const submit = h('button', { id: 'create-submit', type: 'submit' }, 'Create room');
    return h('section', { class: 'card', 'aria-labelledby': 'create-title' },
      h('form', {
        onsubmit: async (event) => {
          event.preventDefault();
          submit.disabled = true;
          error.textContent = '';
          try {
            const joined = await this.#app.connection.request({
              type: 'room.create', name: name.value.trim(), password: password.value,
            });
            this.#app.directory.add(joined.room);
            this.#app.rememberMember(joined.room);
            this.#app.navigate(`#/room/${joined.room.id}`);
          } catch (failure) {
            error.textContent = errorText(failure);
          } finally {
            submit.disabled = false;
          }
        },
      },
      h('h2', { id: 'create-title' }, 'Create a room'),
      h('label', { for: 'create-name' }, 'Room name'), name,
      h('label', { for: 'create-password' }, 'Password (at least 8 characters)'), password,
      error,
      h('div', { class: 'actions' }, submit)));
  }
}
