//! Schema changes keep what a grown database already holds.

use crate::helpers::{Backend, fresh_database};
use app::{
    analytics::histogram::Histogram,
    db::{agent_daily, connect, contacts},
};
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// Adds a contact with `rating` through plain SQL (the entity may not match the schema
/// of an older migration).
async fn insert_contact(db: &impl ConnectionTrait, number: &str, rating: &str) -> bool {
    let sql = format!(
        "INSERT INTO contacts (phone_number, name, rating, is_business, has_received_message, \
         created_at, updated_at) VALUES ('{number}', 'Budi', {rating}, false, false, \
         '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')"
    );
    db.execute_unprepared(&sql).await.is_ok()
}

async fn rating_of(db: &impl ConnectionTrait, number: &str) -> Option<f64> {
    contacts::Entity::find()
        .filter(contacts::Column::PhoneNumber.eq(number))
        .one(db)
        .await
        .expect("query")
        .expect("contact")
        .rating
}

async fn whole_star_ratings_survive_the_move_to_decimals(backend: Backend) {
    let Some((url, _guard)) = fresh_database(backend).await else {
        return;
    };
    let db = connect::connect(&url).await.expect("connect");
    let before = Migrator::migrations()
        .iter()
        .position(|m| m.name() == "m20261201_000002_decimal_rating")
        .expect("the rating migration exists") as u32;
    Migrator::up(&db, Some(before))
        .await
        .expect("migrate to just before decimal ratings");
    assert!(insert_contact(&db, "6281300000001", "4").await);
    assert!(insert_contact(&db, "6281300000002", "NULL").await);

    Migrator::up(&db, None).await.expect("migrate the rest");
    assert_eq!(rating_of(&db, "6281300000001").await, Some(4.0));
    assert_eq!(rating_of(&db, "6281300000002").await, None);
    assert!(insert_contact(&db, "6281300000003", "4.2").await);
    assert_eq!(rating_of(&db, "6281300000003").await, Some(4.2));
    // Still from 1 to 5, checked by the database itself.
    assert!(!insert_contact(&db, "6281300000004", "5.5").await);
    assert!(!insert_contact(&db, "6281300000005", "0.5").await);
}

async fn answered_leads_fold_into_the_agents_days(backend: Backend) {
    let Some((url, _guard)) = fresh_database(backend).await else {
        return;
    };
    let db = connect::connect(&url).await.expect("connect");
    let before = Migrator::migrations()
        .iter()
        .position(|m| m.name() == "m20261202_000009_response_histograms")
        .expect("the histogram migration exists") as u32;
    Migrator::up(&db, Some(before))
        .await
        .expect("migrate to just before the histograms");
    // Agent 7 answered three leads on 1 December, one on the 2nd; it also had a lead
    // escalated away on the 1st.
    for (thread, day, agent, arrival, assigned) in [
        ("acc-001:1", "2026-12-01", 7, 600, 600),
        ("acc-001:2", "2026-12-01", 7, 1200, 180),
        ("acc-001:3", "2026-12-01", 7, 45, 45),
        ("acc-001:4", "2026-12-02", 7, 30, 30),
    ] {
        db.execute_unprepared(&format!(
            "INSERT INTO first_responses (thread_id, account_id, agent_id, day, responded_at, \
             since_arrival_seconds, since_assigned_seconds) VALUES ('{thread}', 'acc-001', \
             {agent}, '{day}', '{day}T09:00:00Z', {arrival}, {assigned})"
        ))
        .await
        .expect("insert a first response");
    }
    db.execute_unprepared(
        "INSERT INTO agent_daily (day, account_id, agent_id, escalations_away) \
         VALUES ('2026-12-01', 'acc-001', 7, 2)",
    )
    .await
    .expect("insert an escalation count");

    Migrator::up(&db, None).await.expect("migrate the rest");
    let days = agent_daily::Entity::find()
        .order_by_asc(agent_daily::Column::Day)
        .all(&db)
        .await
        .expect("query");
    assert_eq!(days.len(), 2);
    let (first, second) = (&days[0], &days[1]);
    assert_eq!((first.answered, first.escalations_away), (3, 2));
    assert_eq!(
        Histogram::decode(&first.arrival_seconds).encode(),
        "45:1,600:1,1200:1"
    );
    assert_eq!(
        Histogram::decode(&first.assigned_seconds).encode(),
        "45:1,180:1,600:1"
    );
    assert_eq!((second.answered, second.escalations_away), (1, 0));
    assert_eq!(second.arrival_seconds, "30:1");
}

on_both_backends!(
    whole_star_ratings_survive_the_move_to_decimals,
    answered_leads_fold_into_the_agents_days,
);
