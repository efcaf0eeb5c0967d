/** The RSocket error contract: every failure leaves as a "CODE: detail" error, never as a stack trace. */
package dev.parley.room.errors;
