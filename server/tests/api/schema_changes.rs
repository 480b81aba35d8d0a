//! Schema changes keep what a grown database already holds.

use crate::helpers::{Backend, fresh_database};
use app::db::{connect, contacts};
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

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

on_both_backends!(whole_star_ratings_survive_the_move_to_decimals);
