package dev.parley.model;

import java.util.List;

/**
 * One page of the room list, in name order ignoring case. {@code next} is the {@link RoomQuery#after()} of the next
 * page (the name of this page's last room), or null when no room follows.
 */
public record RoomPage(List<Room> rooms, String next) {
}
