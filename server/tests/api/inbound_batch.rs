//! Messages that arrive together are stored in one transaction; the result must be the
//! same as storing them one at a time, and one bad message must not cost the others.

use crate::helpers::{Backend, TestApp, business_day, sid};
use app::{
    db::{accounts, assignment_events, daily_analytics, threads},
    demo::ACCOUNTS,
    messaging::ssr::{InboundMessage, InboundOutcome, Routed, find_account, inbound::receive_many},
};
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

const TOKO_A: &str = ACCOUNTS[0].2;
const TOKO_B: &str = ACCOUNTS[1].2;

/// A message from `from` to `to` as the webhook would route it.
pub(crate) async fn routed(app: &TestApp, sid: &str, from: &str, to: &str, body: &str) -> Routed {
    let params: Vec<(String, String)> = [
        ("MessageSid", sid),
        ("From", &format!("whatsapp:+{from}")),
        ("To", &format!("whatsapp:+{to}")),
        ("Body", body),
        ("NumMedia", "0"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let message = InboundMessage::from_params(&params, Utc::now()).expect("valid form");
    let account = find_account(app.db(), &message.to)
        .await
        .expect("demo account");
    let filters = app
        .state
        .runtime
        .filters
        .current(app.db())
        .await
        .expect("filters");
    Routed::new(account, message, filters)
}

async fn daily(app: &TestApp, account: &str) -> (i32, i32, i32) {
    daily_analytics::Entity::find()
        .filter(daily_analytics::Column::AccountId.eq(account))
        .filter(daily_analytics::Column::Day.eq(business_day(app, Utc::now()).await))
        .one(app.db())
        .await
        .expect("query")
        .map_or((0, 0, 0), |d| {
            (d.received_count, d.new_lead_count, d.blocked_count)
        })
}

async fn thread(app: &TestApp, id: &str) -> threads::Model {
    threads::Entity::find_by_id(id.to_owned())
        .one(app.db())
        .await
        .expect("query")
        .expect("thread exists")
}

async fn a_batch_is_stored_as_if_one_message_at_a_time(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let (x, y) = ("6281390007001", "6281390007002");
    let first = sid();
    let before_a = daily(&app, "acc-001").await;
    let before_b = daily(&app, "acc-002").await;
    let batch = vec![
        routed(&app, &first, x, TOKO_A, "Halo").await,
        routed(&app, &first, x, TOKO_A, "Halo").await,
        routed(&app, &sid(), x, TOKO_A, "Masih ada stok?").await,
        routed(&app, &sid(), y, TOKO_A, "Permisi").await,
        routed(
            &app,
            &sid(),
            y,
            TOKO_A,
            "Balasan otomatis: kami sedang tutup",
        )
        .await,
        routed(&app, &sid(), x, TOKO_B, "Halo juga").await,
    ];
    let outcomes: Vec<InboundOutcome> =
        receive_many(app.db(), &app.state.runtime.write_gate, &batch)
            .await
            .into_iter()
            .collect::<Result<_, _>>()
            .expect("batch stored");

    let stored = |o: &InboundOutcome| match o {
        InboundOutcome::Stored {
            thread_id,
            new_lead,
            owner_id,
            ..
        } => (thread_id.clone(), *new_lead, *owner_id),
        other => panic!("expected a stored message, got {other:?}"),
    };
    let (x_a, x_new, x_owner) = stored(&outcomes[0]);
    assert_eq!((x_a.as_str(), x_new), ("acc-001:6281390007001", true));
    assert_eq!(
        outcomes[1],
        InboundOutcome::Duplicate,
        "repeat within the batch"
    );
    assert_eq!(stored(&outcomes[2]), (x_a.clone(), false, x_owner));
    let (_, y_new, y_owner) = stored(&outcomes[3]);
    assert!(y_new);
    assert_ne!(y_owner, x_owner, "two new leads take two turns");
    assert!(
        matches!(&outcomes[4], InboundOutcome::Blocked { keyword } if keyword == "balasan otomatis")
    );
    let (x_b, x_b_new, x_b_owner) = stored(&outcomes[5]);
    assert_eq!((x_b.as_str(), x_b_new), ("acc-002:6281390007001", true));
    assert_eq!(
        x_b_owner, x_owner,
        "sticky to the thread created earlier in the batch"
    );

    let t = thread(&app, &x_a).await;
    assert_eq!(t.unread_count, 2);
    assert_eq!(t.last_message_preview.as_deref(), Some("Masih ada stok?"));
    let reasons: Vec<String> = assignment_events::Entity::find()
        .filter(assignment_events::Column::ThreadId.is_in([x_a.as_str(), x_b.as_str()]))
        .all(app.db())
        .await
        .expect("query")
        .into_iter()
        .map(|e| e.reason.as_str().to_owned())
        .collect();
    assert_eq!(reasons, ["round_robin", "sticky"]);
    let after_a = daily(&app, "acc-001").await;
    let after_b = daily(&app, "acc-002").await;
    assert_eq!(
        (
            after_a.0 - before_a.0,
            after_a.1 - before_a.1,
            after_a.2 - before_a.2
        ),
        (3, 2, 1),
        "Toko A: received, new leads, blocked"
    );
    assert_eq!(
        (after_b.0 - before_b.0, after_b.1 - before_b.1),
        (1, 1),
        "Toko B: received, new leads"
    );

    // Sent again, the whole batch is a set of duplicates that changes nothing.
    let again = receive_many(app.db(), &app.state.runtime.write_gate, &batch).await;
    assert!(
        again
            .iter()
            .all(|o| matches!(o, Ok(InboundOutcome::Duplicate))),
        "{again:?}"
    );
    assert_eq!(thread(&app, &x_a).await.unread_count, 2);
}

async fn one_bad_message_does_not_cost_the_batch(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let good = routed(&app, &sid(), "6281390007101", TOKO_A, "Halo").await;
    // An account that vanished after routing: its thread cannot be created.
    let mut bad = routed(&app, &sid(), "6281390007102", TOKO_A, "Halo").await;
    bad.account = accounts::Model {
        id: "acc-vanished".into(),
        ..bad.account
    };
    let later = routed(&app, &sid(), "6281390007103", TOKO_A, "Halo").await;
    let outcomes = receive_many(app.db(), &app.state.runtime.write_gate, &[good, bad, later]).await;
    assert!(matches!(outcomes[0], Ok(InboundOutcome::Stored { .. })));
    assert!(
        outcomes[1].is_err(),
        "the bad message fails: {:?}",
        outcomes[1]
    );
    assert!(matches!(outcomes[2], Ok(InboundOutcome::Stored { .. })));
    thread(&app, "acc-001:6281390007101").await;
    thread(&app, "acc-001:6281390007103").await;
}

on_both_backends!(
    a_batch_is_stored_as_if_one_message_at_a_time,
    one_bad_message_does_not_cost_the_batch,
);
