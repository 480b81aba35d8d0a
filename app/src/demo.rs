//! Demo mode: three simulator accounts, an admin, three agents and a few dozen
//! conversations, so a first start shows a working inbox.

use crate::{
    accounts::{CreateAccountRequest, Provider, ssr::create_account},
    agents::ssr::{NewAgent, create_agent},
    auth::Role,
    db::{
        accounts, agents, assignment_events, contacts, daily_analytics, labels, messages,
        rotation_state, thread_labels, threads,
    },
    domain::{
        AssignReason, Direction, EscalationState, MessageStatus, MessageType,
        auto_reply::AutoReplyDetector,
    },
    error::AppError,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};

/// The demo labels: name and colour. Conversation `i` carries label `i % 4` (none when
/// that is 3), so the label filter has something to show.
const LABELS: [(&str, &str); 3] = [
    ("Prospek panas", "#dc2626"),
    ("Tindak lanjut", "#f59e0b"),
    ("Pelanggan", "#059669"),
];

/// The demo logins: email, password, name, role.
pub const LOGINS: [(&str, &str, &str, Role); 4] = [
    (
        "admin@serambi.test",
        "serambi-admin",
        "Admin Serambi",
        Role::Admin,
    ),
    (
        "agent1@serambi.test",
        "serambi-agent",
        "Andi Pratama",
        Role::Agent,
    ),
    (
        "agent2@serambi.test",
        "serambi-agent",
        "Bunga Lestari",
        Role::Agent,
    ),
    (
        "agent3@serambi.test",
        "serambi-agent",
        "Citra Wulandari",
        Role::Agent,
    ),
];

/// The demo accounts: id, name, sender number.
pub const ACCOUNTS: [(&str, &str, &str); 3] = [
    ("acc-001", "Toko A", "6281211110001"),
    ("acc-002", "Toko B", "6281211110002"),
    ("acc-003", "Personal", "6281211110003"),
];

/// The number that wrote to both Toko A and Toko B: two threads, one owner.
pub const SHARED_NUMBER: &str = "6281234567890";

/// One demo conversation: contact, account index, profile name, saved as contact,
/// messages (inbound?, text), answered by the owner.
struct Conversation {
    number: &'static str,
    account: usize,
    name: &'static str,
    saved: bool,
    lines: &'static [(bool, &'static str)],
}

const IN: bool = true;
const OUT: bool = false;

const CONVERSATIONS: &[Conversation] = &[
    Conversation {
        number: SHARED_NUMBER,
        account: 0,
        name: "Budi Santoso",
        saved: true,
        lines: &[
            (IN, "Halo, sepatu lari ukuran 42 masih ada?"),
            (OUT, "Halo Kak Budi, masih ada. Mau warna apa?"),
            (IN, "Yang hitam ya kak, bisa kirim ke Bandung?"),
        ],
    },
    Conversation {
        number: SHARED_NUMBER,
        account: 1,
        name: "Budi Santoso",
        saved: true,
        lines: &[
            (IN, "Selamat siang, jaket hujan ready?"),
            (IN, "Kalau ada saya ambil dua"),
        ],
    },
    Conversation {
        number: "6281311112222",
        account: 0,
        name: "Siti Aminah",
        saved: true,
        lines: &[
            (IN, "Kak, pesanan saya kemarin sudah dikirim?"),
            (OUT, "Sudah kak, resinya JNE 0123456789"),
            (IN, "Terima kasih kak!"),
        ],
    },
    Conversation {
        number: "6281322223333",
        account: 0,
        name: "Rudi Hartono",
        saved: false,
        lines: &[(IN, "Ada promo akhir bulan?")],
    },
    Conversation {
        number: "6281333334444",
        account: 1,
        name: "Dewi Lestari",
        saved: true,
        lines: &[
            (IN, "Mau tanya harga grosir untuk 50 pcs"),
            (OUT, "Baik kak, untuk 50 pcs harganya Rp85.000/pcs"),
            (IN, "Bisa nego?"),
        ],
    },
    Conversation {
        number: "6281344445555",
        account: 1,
        name: "Agus Setiawan",
        saved: false,
        lines: &[(
            IN,
            "Terima kasih telah menghubungi kami, pesan Anda akan segera kami balas.",
        )],
    },
    Conversation {
        number: "6281355556666",
        account: 2,
        name: "Rina Marlina",
        saved: false,
        lines: &[
            (IN, "Pak, jadi ketemu besok jam 10?"),
            (OUT, "Jadi Bu, di kantor ya"),
        ],
    },
    Conversation {
        number: "6281366667777",
        account: 0,
        name: "Joko Widodo",
        saved: false,
        lines: &[
            (IN, "Barang sampai tapi warnanya beda"),
            (IN, "Bisa tukar?"),
        ],
    },
    Conversation {
        number: "6281377778888",
        account: 0,
        name: "Maya Sari",
        saved: true,
        lines: &[
            (IN, "Apakah bisa COD di Surabaya?"),
            (OUT, "Bisa kak, ongkir ditanggung pembeli"),
        ],
    },
    Conversation {
        number: "6281388889999",
        account: 1,
        name: "Hendra Gunawan",
        saved: false,
        lines: &[(IN, "Stok kaos polos putih L ada?")],
    },
    Conversation {
        number: "6281399990000",
        account: 1,
        name: "Lina Kusuma",
        saved: false,
        lines: &[(IN, "Balasan otomatis: saya sedang di luar kantor.")],
    },
    Conversation {
        number: "6285211113333",
        account: 2,
        name: "Fajar Nugroho",
        saved: true,
        lines: &[(IN, "Bro, file presentasinya sudah kukirim ke email")],
    },
    Conversation {
        number: "6285222224444",
        account: 0,
        name: "Putri Ayu",
        saved: false,
        lines: &[
            (IN, "Kak, bisa kirim katalog terbaru?"),
            (OUT, "Siap kak, saya kirim PDF-nya ya"),
        ],
    },
    Conversation {
        number: "6285233335555",
        account: 0,
        name: "Bambang Susilo",
        saved: false,
        lines: &[(IN, "Halo, toko buka jam berapa?")],
    },
    Conversation {
        number: "6285244446666",
        account: 1,
        name: "Yuni Rahayu",
        saved: true,
        lines: &[
            (IN, "Pesanan #1023 belum sampai"),
            (OUT, "Mohon maaf kak, kami cek dulu ya"),
            (IN, "Ditunggu kabarnya"),
        ],
    },
    Conversation {
        number: "6285255557777",
        account: 1,
        name: "Eko Prasetyo",
        saved: false,
        lines: &[(IN, "Ada ukuran anak-anak?")],
    },
    Conversation {
        number: "6285266668888",
        account: 0,
        name: "Indah Permata",
        saved: false,
        lines: &[
            (IN, "Minta nomor rekening untuk transfer"),
            (OUT, "BCA 1234567890 a.n. Toko A"),
        ],
    },
    Conversation {
        number: "6285277779999",
        account: 2,
        name: "Wahyu Hidayat",
        saved: false,
        lines: &[(IN, "Jadi main futsal nanti malam?")],
    },
    Conversation {
        number: "6285288880000",
        account: 0,
        name: "Ratna Dewi",
        saved: false,
        lines: &[(IN, "Kak, sudah saya transfer ya"), (IN, "Mohon dicek")],
    },
    Conversation {
        number: "6285611112222",
        account: 1,
        name: "Dimas Saputra",
        saved: false,
        lines: &[
            (IN, "Bisa kirim hari ini?"),
            (OUT, "Bisa kak, sebelum jam 3 sore"),
        ],
    },
    Conversation {
        number: "6285622223333",
        account: 0,
        name: "Nur Hasanah",
        saved: true,
        lines: &[(IN, "Mau pesan 3 lusin hijab motif")],
    },
    Conversation {
        number: "6285633334444",
        account: 1,
        name: "Teguh Santoso",
        saved: false,
        lines: &[(IN, "Auto reply: terima kasih, pesan anda telah diterima")],
    },
    Conversation {
        number: "6285644445555",
        account: 0,
        name: "Wulan Sari",
        saved: false,
        lines: &[
            (IN, "Kak ada diskon untuk reseller?"),
            (OUT, "Ada kak, minimal 10 pcs diskon 15%"),
        ],
    },
    Conversation {
        number: "6285655556666",
        account: 1,
        name: "Arif Rahman",
        saved: false,
        lines: &[(IN, "Garansinya berapa lama?")],
    },
    Conversation {
        number: "6285666667777",
        account: 2,
        name: "Sri Wahyuni",
        saved: true,
        lines: &[(IN, "Nanti sore jemput Ibu di stasiun ya")],
    },
    Conversation {
        number: "6285677778888",
        account: 0,
        name: "Yoga Pratama",
        saved: false,
        lines: &[
            (IN, "Barangnya original?"),
            (OUT, "100% original kak, ada garansi resmi"),
        ],
    },
    Conversation {
        number: "6285688889999",
        account: 1,
        name: "Fitri Handayani",
        saved: false,
        lines: &[(IN, "Kalau beli 2 gratis ongkir?")],
    },
    Conversation {
        number: "6287711112222",
        account: 0,
        name: "Ahmad Fauzi",
        saved: false,
        lines: &[(IN, "Apakah ada cabang di Medan?")],
    },
    Conversation {
        number: "6287722223333",
        account: 1,
        name: "Lestari Wijaya",
        saved: true,
        lines: &[
            (IN, "Terima kasih, barangnya bagus!"),
            (OUT, "Sama-sama kak, ditunggu order berikutnya"),
        ],
    },
    Conversation {
        number: "6287733334444",
        account: 0,
        name: "Gilang Ramadhan",
        saved: false,
        lines: &[(IN, "Halo kak, mau tanya ukuran celana")],
    },
];

/// The direction of a demo line.
fn direction(inbound: bool) -> Direction {
    if inbound {
        Direction::Inbound
    } else {
        Direction::Outbound
    }
}

/// The same auto-reply rule the inbound flow applies.
fn looks_automatic(text: &str) -> bool {
    AutoReplyDetector::with_defaults().is_auto_reply(text)
}

/// Whether the demo may run on `db`: it is empty (no agent yet), or the demo made it
/// (its admin login is there; agents added in the demo's own admin area since do not
/// change that). A database whose agents came from elsewhere is a real inbox, whatever
/// the environment says: the demo's published passwords never go into it, and the
/// login page never advertises them there.
pub async fn may_run(db: &impl ConnectionTrait) -> Result<bool, AppError> {
    if agents::Entity::find().count(db).await? == 0 {
        return Ok(true);
    }
    let demo_admin = LOGINS[0].0;
    Ok(agents::Entity::find()
        .filter(agents::Column::Email.eq(demo_admin))
        .count(db)
        .await?
        > 0)
}

/// Seeds the demo data unless the demo accounts exist already or the database has
/// agents of its own ([`may_run`]). Returns whether it did.
pub async fn seed(db: &DatabaseConnection) -> Result<bool, AppError> {
    if !may_run(db).await?
        || accounts::Entity::find_by_id(ACCOUNTS[0].0.to_owned())
            .one(db)
            .await?
            .is_some()
    {
        return Ok(false);
    }
    let txn = db.begin().await?;
    for (id, name, phone) in ACCOUNTS {
        create_account(
            &txn,
            &crate::accounts::vault::TokenVault::default(),
            CreateAccountRequest {
                id: Some(id.into()),
                name: name.into(),
                phone_number: format!("+{phone}"),
                provider: Provider::Simulator,
                twilio_account_sid: None,
                twilio_auth_token: None,
            },
        )
        .await?;
    }
    for (email, password, name, role) in LOGINS {
        let exists = agents::Entity::find()
            .filter(agents::Column::Email.eq(email))
            .one(&txn)
            .await?
            .is_some();
        if !exists {
            create_agent(
                &txn,
                NewAgent {
                    name: name.into(),
                    email: email.into(),
                    password: password.into(),
                    role,
                },
            )
            .await?;
        }
    }
    let agent_ids: Vec<i64> = agents::Entity::find()
        .filter(agents::Column::Role.eq(Role::Agent))
        .filter(agents::Column::Active.eq(true))
        .order_by_asc(agents::Column::Id)
        .all(&txn)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();

    let now = Utc::now();
    let mut turn = 0usize;
    let mut owners: Vec<(&str, i64)> = Vec::new();
    let mut last_assigned = None;
    for (i, conv) in CONVERSATIONS.iter().enumerate() {
        // Sticky owner for a number already assigned, else the next agent in turn.
        let sticky = owners
            .iter()
            .find(|(n, _)| *n == conv.number)
            .map(|(_, id)| *id);
        let owner = match sticky {
            Some(id) => Some(id),
            None => {
                let id = agent_ids.get(turn % agent_ids.len().max(1)).copied();
                turn += 1;
                if let Some(id) = id {
                    owners.push((conv.number, id));
                    last_assigned = Some(id);
                }
                id
            }
        };
        // Spread conversations over the last three days, newest first.
        let last_at = now - Duration::minutes(7 + 97 * i as i64);
        let reason = if sticky.is_some() {
            AssignReason::Sticky
        } else {
            AssignReason::RoundRobin
        };
        // The two newest unanswered leads have a countdown running; older ones were
        // never answered in time.
        let clock = if i < 2 {
            LeadClock::Running(now - Duration::minutes(1))
        } else {
            LeadClock::Overdue
        };
        // Boxed: the conversation's future (its rows and counters) would otherwise be
        // part of every caller's, and a debug build's stack is small.
        Box::pin(seed_conversation(&txn, conv, owner, reason, last_at, clock)).await?;
    }
    seed_labels(&txn, now).await?;
    rotation_state::ActiveModel {
        id: Set("leads".into()),
        last_agent_id: Set(last_assigned),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// The escalation clock of a demo lead nobody answered yet.
enum LeadClock {
    /// Assigned at this moment: its countdown runs.
    Running(DateTime<Utc>),
    /// Past its time long ago: marked overdue.
    Overdue,
}

async fn seed_conversation(
    txn: &sea_orm::DatabaseTransaction,
    conv: &Conversation,
    owner: Option<i64>,
    reason: AssignReason,
    last_at: DateTime<Utc>,
    clock: LeadClock,
) -> Result<(), AppError> {
    let (account_id, _, _) = ACCOUNTS[conv.account];
    let thread_id = format!("{account_id}:{}", conv.number);
    let count = conv.lines.len() as i64;
    let time_of = |k: usize| last_at - Duration::minutes(4 * (count - 1 - k as i64));
    let first_at = time_of(0);
    let first_reply = conv
        .lines
        .iter()
        .position(|(inbound, _)| !inbound)
        .map(time_of);
    let last_inbound = conv.lines.iter().rposition(|(inbound, _)| *inbound);
    // Unread: the inbound messages after the last reply.
    let unread = conv
        .lines
        .iter()
        .rev()
        .take_while(|(inbound, _)| *inbound)
        .count() as i32;
    let (last_in, last_text) = conv.lines[conv.lines.len() - 1];
    let preview: String = last_text.chars().take(120).collect();

    if conv.saved
        && contacts::Entity::find()
            .filter(contacts::Column::PhoneNumber.eq(conv.number))
            .one(txn)
            .await?
            .is_none()
    {
        contacts::ActiveModel {
            phone_number: Set(conv.number.into()),
            name: Set(conv.name.into()),
            city: Set(Some("Jakarta".into())),
            country: Set(Some("Indonesia".into())),
            has_received_message: Set(true),
            created_at: Set(first_at),
            updated_at: Set(first_at),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }

    let thread = threads::ActiveModel {
        id: Set(thread_id.clone()),
        account_id: Set(account_id.into()),
        contact_number: Set(conv.number.into()),
        profile_name: Set(Some(conv.name.into())),
        owner_id: Set(owner),
        assigned_at: Set(owner.map(|_| match (&clock, first_reply) {
            (LeadClock::Running(at), None) => *at,
            _ => first_at,
        })),
        first_response_at: Set(first_reply),
        escalation_count: Set(0),
        escalation_state: Set(
            if owner.is_some() && first_reply.is_none() && matches!(clock, LeadClock::Overdue) {
                EscalationState::Overdue
            } else {
                EscalationState::None
            },
        ),
        unread_count: Set(unread),
        last_message_at: Set(Some(last_at)),
        last_message_preview: Set(Some(preview)),
        last_message_direction: Set(Some(direction(last_in))),
        last_inbound_at: Set(last_inbound.map(time_of)),
        last_inbound_auto_reply: Set(last_inbound
            .map(|k| looks_automatic(conv.lines[k].1))
            .unwrap_or(false)),
        notes: Set(None),
        created_at: Set(first_at),
        updated_at: Set(last_at),
    }
    .insert(txn)
    .await?;

    // The counters the dashboard and the accounts' health read, as the inbound flow
    // and the outbox would have kept them: a new lead, each message received or
    // sent, and the owner's first answer.
    let zone = crate::messaging::ssr::bookkeeping::business_zone(txn).await?;
    let count = |at: DateTime<Utc>, column| {
        crate::messaging::ssr::bookkeeping::add_daily(txn, account_id, zone.day_of(at), column, 1)
    };
    count(first_at, daily_analytics::Column::NewLeadCount).await?;
    if let (Some(owner), Some(at)) = (owner, first_reply) {
        crate::messaging::ssr::bookkeeping::record_first_response(txn, &thread, owner, at).await?;
    }

    for (k, (inbound, text)) in conv.lines.iter().enumerate() {
        let at = time_of(k);
        count(
            at,
            if *inbound {
                daily_analytics::Column::ReceivedCount
            } else {
                daily_analytics::Column::ReplyCount
            },
        )
        .await?;
        messages::ActiveModel {
            thread_id: Set(thread_id.clone()),
            account_id: Set(account_id.into()),
            direction: Set(direction(*inbound)),
            message_type: Set(MessageType::Text),
            body: Set((*text).into()),
            provider_message_id: Set(Some(format!("SMdemo{:028x}", hash(&thread_id, k)))),
            status: Set(if *inbound {
                MessageStatus::Received
            } else {
                MessageStatus::Read
            }),
            sent_by: Set(if *inbound { None } else { owner }),
            is_auto_reply: Set(*inbound && looks_automatic(text)),
            attempts: Set(0),
            read_at: Set((*inbound && k + (unread as usize) < conv.lines.len()).then_some(at)),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    if let Some(owner) = owner {
        assignment_events::ActiveModel {
            thread_id: Set(thread_id),
            from_agent_id: Set(None),
            to_agent_id: Set(Some(owner)),
            reason: Set(reason),
            created_at: Set(first_at),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// The demo labels and their threads.
async fn seed_labels(
    txn: &sea_orm::DatabaseTransaction,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut ids = Vec::new();
    for (position, (name, color)) in LABELS.iter().enumerate() {
        let label = labels::ActiveModel {
            name: Set((*name).into()),
            color: Set((*color).into()),
            position: Set(position as i32),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        ids.push(label.id);
    }
    for (i, conv) in CONVERSATIONS.iter().enumerate() {
        let Some(&label_id) = ids.get(i % 4) else {
            continue;
        };
        let (account_id, _, _) = ACCOUNTS[conv.account];
        let thread_id = format!("{account_id}:{}", conv.number);
        thread_labels::ActiveModel {
            thread_id: Set(thread_id),
            label_id: Set(label_id),
            created_at: Set(now),
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// A stable fake provider id for a demo message.
fn hash(thread: &str, k: usize) -> u128 {
    thread
        .bytes()
        .chain(k.to_le_bytes())
        .fold(0x6c62_272e_07bb_0142_62b8_2175_6295_c58d_u128, |h, b| {
            (h ^ u128::from(b)).wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013B)
        })
}
