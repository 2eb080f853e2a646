import { boolean, index, integer, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { cities, departments } from './reference.ts';

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  /** a mobile number for the unit's contact list (bulk onboarding); never shown outside administration */
  phone: text('phone'),
  /** deactivated people keep their history but cannot sign in; their sessions are gone */
  active: boolean('active').notNull().default(true),
  deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
  /** set by a password reset: the temporary password must be changed before anything else */
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
});

/** What a user may do, and where: a role in a city (none for the alliance-level roles), and for unit roles the department. */
export const memberships = pgTable(
  'memberships',
  {
    id: serial('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    cityAdcode: text('city_adcode').references(() => cities.adcode),
    departmentCode: text('department_code').references(() => departments.code),
  },
  (t) => [unique('memberships_unique').on(t.userId, t.role, t.cityAdcode, t.departmentCode).nullsNotDistinct()],
);

/** Sessions per Lucia's guide: the id is the SHA-256 of the token, never the token itself. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** last request, to the minute (the owner's session list) */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    /** the browser's User-Agent at sign-in, shortened */
    device: text('device'),
    clientAddress: text('client_address'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** Failed logins per username, for throttling. */
export const loginThrottle = pgTable('login_throttle', {
  username: text('username').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

/** Open311 clients (civic-reporting apps); an admin issues each an api_key, stored only as its SHA-256. */
export const open311Clients = pgTable('open311_clients', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  requestCount: integer('request_count').notNull().default(0),
  /** requests allowed per minute (the Open311 rate limit) */
  ratePerMinute: integer('rate_per_minute').notNull().default(60),
  /** the current minute's window: when it started and how many requests it has seen */
  windowStart: timestamp('window_start', { withTimezone: true }),
  windowCount: integer('window_count').notNull().default(0),
});
