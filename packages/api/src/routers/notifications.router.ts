import { NotificationsInput, ReadNotificationsInput } from '../inputs.ts';
import { authedProcedure, router } from '../trpc.ts';
import { listNotifications, readNotifications } from '../use-cases/notifications.ts';

export const notificationsRouter = router({
  /** What changed for me (my inboxes, under the visibility rule), a page at a time, with my unread count. */
  list: authedProcedure.input(NotificationsInput).query(listNotifications),
  /** Marks some of my notifications read, or all of them; answers the list as it now stands. */
  read: authedProcedure.input(ReadNotificationsInput).mutation(readNotifications),
});
