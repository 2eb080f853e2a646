import { AdminAuditInput, CreateUserInput, DeactivateInput, EditUserInput, UserListInput, UserRef } from '../inputs.ts';
import { adminProcedure, router } from '../trpc.ts';
import { createUser } from '../use-cases/create-user.ts';
import { deactivateUser } from '../use-cases/deactivate-user.ts';
import { editUser } from '../use-cases/edit-user.ts';
import { listAdminAudit } from '../use-cases/list-admin-audit.ts';
import { listUsers } from '../use-cases/list-users.ts';
import { reactivateUser } from '../use-cases/reactivate-user.ts';
import { resetPassword } from '../use-cases/reset-password.ts';

export const usersRouter = router({
  list: adminProcedure.input(UserListInput).query(listUsers),
  create: adminProcedure.input(CreateUserInput).mutation(createUser),
  edit: adminProcedure.input(EditUserInput).mutation(editUser),
  deactivate: adminProcedure.input(DeactivateInput).mutation(deactivateUser),
  reactivate: adminProcedure.input(UserRef).mutation(reactivateUser),
  resetPassword: adminProcedure.input(UserRef).mutation(resetPassword),
  audit: adminProcedure.input(AdminAuditInput).query(listAdminAudit),
});
