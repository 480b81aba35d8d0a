//! Who may see a thread, as the database asks it: the one rule of
//! [`CurrentUser::may_see`] as a condition on `threads`, for every query that lists or
//! counts threads.

use crate::{auth::CurrentUser, db::threads};
use sea_orm::{ColumnTrait, Condition};

impl CurrentUser {
    /// The threads this user may see, as a condition on `threads`: `None` for an
    /// admin (every thread: no condition, no subquery), their own for an agent. The
    /// same rule as [`CurrentUser::may_see`].
    pub fn thread_scope(&self) -> Option<Condition> {
        (!self.is_admin()).then(|| Condition::all().add(threads::Column::OwnerId.eq(self.id)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use sea_orm::{DbBackend, EntityTrait, QueryFilter, QueryTrait};

    fn user(role: Role) -> CurrentUser {
        CurrentUser {
            id: 7,
            name: "U".into(),
            email: "u@x".into(),
            role,
        }
    }

    #[test]
    fn agents_see_their_own_threads_and_admins_every_one() {
        assert!(user(Role::Admin).thread_scope().is_none());
        assert!(user(Role::Admin).may_see(Some(3)) && user(Role::Admin).may_see(None));
        let scope = user(Role::Agent).thread_scope().expect("a condition");
        let sql = threads::Entity::find()
            .filter(scope)
            .build(DbBackend::Postgres)
            .to_string();
        assert!(sql.ends_with(r#"WHERE "threads"."owner_id" = 7"#), "{sql}");
        // The same rule as `may_see`.
        assert!(user(Role::Agent).may_see(Some(7)));
        assert!(!user(Role::Agent).may_see(Some(3)));
        assert!(!user(Role::Agent).may_see(None));
    }
}
