//! The initial schema: every table Serambi needs, with the keys and constraints that make
//! wrong states impossible (a thread belongs to exactly one account; a provider message
//! id is stored once per account; a label is attached to a thread at most once).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in tables() {
            manager.create_table(table).await?;
        }
        for index in indexes() {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Children before parents, so foreign keys never block the drop.
        let tables: [DynIden; 17] = [
            Notifications::Table.into_iden(),
            Settings::Table.into_iden(),
            DailyAnalytics::Table.into_iden(),
            AssignmentEvents::Table.into_iden(),
            ThreadLabels::Table.into_iden(),
            Labels::Table.into_iden(),
            SpamKeywords::Table.into_iden(),
            BlockedMessages::Table.into_iden(),
            MessageMedia::Table.into_iden(),
            Messages::Table.into_iden(),
            Templates::Table.into_iden(),
            Threads::Table.into_iden(),
            Contacts::Table.into_iden(),
            RotationState::Table.into_iden(),
            Sessions::Table.into_iden(),
            Agents::Table.into_iden(),
            Accounts::Table.into_iden(),
        ];
        for table in tables {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

/// A `TIMESTAMP WITH TIME ZONE NOT NULL` column.
fn ts(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .take()
}

/// A nullable `TIMESTAMP WITH TIME ZONE` column.
fn ts_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().null().take()
}

/// A 64-bit auto-increment primary key.
fn pk(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .take()
}

/// A `NOT NULL` boolean with a default.
fn flag(col: impl IntoIden, default: bool) -> ColumnDef {
    ColumnDef::new(col)
        .boolean()
        .not_null()
        .default(default)
        .take()
}

/// A `NOT NULL` integer counter starting at zero that can never go negative.
fn counter(col: impl IntoIden + Clone + 'static) -> ColumnDef {
    ColumnDef::new(col.clone())
        .integer()
        .not_null()
        .default(0)
        .check(Expr::col(col).gte(0))
        .take()
}

/// A `NOT NULL` text column whose value must be one of `values`.
fn one_of(col: impl IntoIden + Clone + 'static, values: &[&str]) -> ColumnDef {
    ColumnDef::new(col.clone())
        .string()
        .not_null()
        .check(Expr::col(col).is_in(values.iter().copied()))
        .take()
}

fn fk(
    from_table: impl IntoIden + 'static,
    from_col: impl IntoIden + 'static,
    to_table: impl IntoIden + 'static,
    to_col: impl IntoIden + 'static,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, from_col)
        .to(to_table, to_col)
        .on_delete(on_delete)
        .on_update(ForeignKeyAction::Cascade)
        .take()
}

/// Message statuses, inbound and outbound; the order of delivery is kept in `domain`.
const MESSAGE_STATUSES: &[&str] = &[
    "received",
    "pending",
    "queued",
    "sending",
    "sent",
    "delivered",
    "read",
    "failed",
    "undelivered",
    "unknown",
];

const MESSAGE_TYPES: &[&str] = &[
    "text", "image", "video", "audio", "document", "location", "template",
];

fn tables() -> Vec<TableCreateStatement> {
    use ForeignKeyAction::{Cascade, Restrict, SetNull};
    vec![
        // One WhatsApp sender number the business owns.
        Table::create()
            .table(Accounts::Table)
            .col(
                ColumnDef::new(Accounts::Id)
                    .string()
                    .not_null()
                    .primary_key(),
            )
            .col(ColumnDef::new(Accounts::Name).string().not_null())
            .col(
                ColumnDef::new(Accounts::PhoneNumber)
                    .string()
                    .not_null()
                    .unique_key(),
            )
            .col(one_of(Accounts::Provider, &["twilio", "simulator"]))
            .col(ColumnDef::new(Accounts::TwilioAccountSid).string().null())
            .col(ColumnDef::new(Accounts::TwilioAuthToken).string().null())
            .col(flag(Accounts::Active, true))
            .col(ts(Accounts::CreatedAt))
            .col(ts(Accounts::UpdatedAt))
            .take(),
        // People who log in.
        Table::create()
            .table(Agents::Table)
            .col(pk(Agents::Id))
            .col(
                ColumnDef::new(Agents::Email)
                    .string()
                    .not_null()
                    .unique_key(),
            )
            .col(ColumnDef::new(Agents::Name).string().not_null())
            .col(ColumnDef::new(Agents::PasswordHash).string().not_null())
            .col(one_of(Agents::Role, &["admin", "agent"]))
            .col(flag(Agents::Active, true))
            .col(flag(Agents::Available, true))
            .col(ts(Agents::CreatedAt))
            .col(ts(Agents::UpdatedAt))
            .take(),
        // Server-side sessions; the id is the SHA-256 of the cookie's token, so a leaked
        // database does not leak live sessions.
        Table::create()
            .table(Sessions::Table)
            .col(
                ColumnDef::new(Sessions::Id)
                    .string()
                    .not_null()
                    .primary_key(),
            )
            .col(ColumnDef::new(Sessions::AgentId).big_integer().not_null())
            .col(ts(Sessions::CreatedAt))
            .col(ts(Sessions::LastSeenAt))
            .col(ts(Sessions::ExpiresAt))
            .foreign_key(&mut fk(
                Sessions::Table,
                Sessions::AgentId,
                Agents::Table,
                Agents::Id,
                Cascade,
            ))
            .take(),
        // The round-robin pointer: a single row, locked while a new lead is assigned.
        Table::create()
            .table(RotationState::Table)
            .col(
                ColumnDef::new(RotationState::Id)
                    .string()
                    .not_null()
                    .primary_key(),
            )
            .col(
                ColumnDef::new(RotationState::LastAgentId)
                    .big_integer()
                    .null(),
            )
            .col(ts(RotationState::UpdatedAt))
            .foreign_key(&mut fk(
                RotationState::Table,
                RotationState::LastAgentId,
                Agents::Table,
                Agents::Id,
                SetNull,
            ))
            .take(),
        // The CRM record of a person or business, one per phone number.
        Table::create()
            .table(Contacts::Table)
            .col(pk(Contacts::Id))
            .col(
                ColumnDef::new(Contacts::PhoneNumber)
                    .string()
                    .not_null()
                    .unique_key(),
            )
            .col(ColumnDef::new(Contacts::Name).string().not_null())
            .col(ColumnDef::new(Contacts::Address).string().null())
            .col(ColumnDef::new(Contacts::City).string().null())
            .col(ColumnDef::new(Contacts::State).string().null())
            .col(ColumnDef::new(Contacts::Country).string().null())
            .col(ColumnDef::new(Contacts::PostalCode).string().null())
            .col(ColumnDef::new(Contacts::Email).string().null())
            .col(ColumnDef::new(Contacts::Website).string().null())
            .col(ColumnDef::new(Contacts::BusinessName).string().null())
            .col(ColumnDef::new(Contacts::BusinessCategory).string().null())
            .col(
                ColumnDef::new(Contacts::Rating)
                    .integer()
                    .null()
                    .check(Expr::col(Contacts::Rating).between(1, 5)),
            )
            .col(ColumnDef::new(Contacts::Reviews).integer().null())
            .col(flag(Contacts::IsBusiness, false))
            .col(flag(Contacts::HasReceivedMessage, false))
            .col(
                ColumnDef::new(Contacts::Latitude)
                    .double()
                    .null()
                    .check(Expr::col(Contacts::Latitude).between(-90, 90)),
            )
            .col(
                ColumnDef::new(Contacts::Longitude)
                    .double()
                    .null()
                    .check(Expr::col(Contacts::Longitude).between(-180, 180)),
            )
            .col(ColumnDef::new(Contacts::Notes).text().null())
            .col(ts(Contacts::CreatedAt))
            .col(ts(Contacts::UpdatedAt))
            .take(),
        // One conversation = one account x one contact number; also the lead.
        Table::create()
            .table(Threads::Table)
            .col(
                ColumnDef::new(Threads::Id)
                    .string()
                    .not_null()
                    .primary_key(),
            )
            .col(ColumnDef::new(Threads::AccountId).string().not_null())
            .col(ColumnDef::new(Threads::ContactNumber).string().not_null())
            .col(ColumnDef::new(Threads::ProfileName).string().null())
            .col(ColumnDef::new(Threads::OwnerId).big_integer().null())
            .col(ts_null(Threads::AssignedAt))
            .col(ts_null(Threads::FirstResponseAt))
            .col(counter(Threads::EscalationCount))
            .col(
                one_of(Threads::EscalationState, &["none", "overdue"])
                    .default("none")
                    .take(),
            )
            .col(counter(Threads::UnreadCount))
            .col(ts_null(Threads::LastMessageAt))
            .col(ColumnDef::new(Threads::LastMessagePreview).string().null())
            .col(
                ColumnDef::new(Threads::LastMessageDirection)
                    .string()
                    .null(),
            )
            .col(ts_null(Threads::LastInboundAt))
            .col(flag(Threads::LastInboundAutoReply, false))
            .col(ColumnDef::new(Threads::Notes).text().null())
            .col(ts(Threads::CreatedAt))
            .col(ts(Threads::UpdatedAt))
            .foreign_key(&mut fk(
                Threads::Table,
                Threads::AccountId,
                Accounts::Table,
                Accounts::Id,
                Restrict,
            ))
            .foreign_key(&mut fk(
                Threads::Table,
                Threads::OwnerId,
                Agents::Table,
                Agents::Id,
                SetNull,
            ))
            // The same number on one account is one thread, never two.
            .index(
                Index::create()
                    .name("uq_threads_account_contact")
                    .col(Threads::AccountId)
                    .col(Threads::ContactNumber)
                    .unique(),
            )
            .take(),
        // Quick replies; `points` ranks them (customer answers earn points).
        Table::create()
            .table(Templates::Table)
            .col(pk(Templates::Id))
            .col(ColumnDef::new(Templates::Title).string().not_null())
            .col(ColumnDef::new(Templates::Body).text().not_null())
            .col(ColumnDef::new(Templates::ContentSid).string().null())
            .col(counter(Templates::Points))
            .col(ColumnDef::new(Templates::CreatedBy).big_integer().null())
            .col(ts(Templates::CreatedAt))
            .col(ts(Templates::UpdatedAt))
            .foreign_key(&mut fk(
                Templates::Table,
                Templates::CreatedBy,
                Agents::Table,
                Agents::Id,
                SetNull,
            ))
            .take(),
        // Every message, inbound and outbound. Outbound rows are the durable outbox.
        Table::create()
            .table(Messages::Table)
            .col(pk(Messages::Id))
            .col(ColumnDef::new(Messages::ThreadId).string().not_null())
            .col(ColumnDef::new(Messages::AccountId).string().not_null())
            .col(one_of(Messages::Direction, &["inbound", "outbound"]))
            .col(one_of(Messages::MessageType, MESSAGE_TYPES))
            .col(ColumnDef::new(Messages::Body).text().not_null().default(""))
            .col(ColumnDef::new(Messages::ProviderMessageId).string().null())
            .col(one_of(Messages::Status, MESSAGE_STATUSES))
            .col(ColumnDef::new(Messages::ErrorCode).string().null())
            .col(ColumnDef::new(Messages::ErrorMessage).string().null())
            .col(ColumnDef::new(Messages::TemplateId).big_integer().null())
            .col(flag(Messages::TemplateCredited, false))
            .col(ColumnDef::new(Messages::SentBy).big_integer().null())
            .col(flag(Messages::IsAutoReply, false))
            .col(ColumnDef::new(Messages::Latitude).double().null())
            .col(ColumnDef::new(Messages::Longitude).double().null())
            .col(counter(Messages::Attempts))
            .col(ts_null(Messages::NextAttemptAt))
            .col(ts_null(Messages::ReadAt))
            .col(ts(Messages::CreatedAt))
            .col(ts(Messages::UpdatedAt))
            .foreign_key(&mut fk(
                Messages::Table,
                Messages::ThreadId,
                Threads::Table,
                Threads::Id,
                Cascade,
            ))
            .foreign_key(&mut fk(
                Messages::Table,
                Messages::AccountId,
                Accounts::Table,
                Accounts::Id,
                Restrict,
            ))
            .foreign_key(&mut fk(
                Messages::Table,
                Messages::TemplateId,
                Templates::Table,
                Templates::Id,
                SetNull,
            ))
            .foreign_key(&mut fk(
                Messages::Table,
                Messages::SentBy,
                Agents::Table,
                Agents::Id,
                SetNull,
            ))
            // Idempotency: Twilio delivers at least once; a MessageSid is stored once.
            .index(
                Index::create()
                    .name("uq_messages_account_provider_id")
                    .col(Messages::AccountId)
                    .col(Messages::ProviderMessageId)
                    .unique(),
            )
            .take(),
        // Attachments of a message (Twilio's MediaUrl0..N).
        Table::create()
            .table(MessageMedia::Table)
            .col(pk(MessageMedia::Id))
            .col(
                ColumnDef::new(MessageMedia::MessageId)
                    .big_integer()
                    .not_null(),
            )
            .col(ColumnDef::new(MessageMedia::Position).integer().not_null())
            .col(ColumnDef::new(MessageMedia::ProviderUrl).string().null())
            .col(
                ColumnDef::new(MessageMedia::ContentType)
                    .string()
                    .not_null(),
            )
            .col(ColumnDef::new(MessageMedia::LocalPath).string().null())
            .col(ColumnDef::new(MessageMedia::SizeBytes).big_integer().null())
            .col(one_of(
                MessageMedia::Status,
                &["pending", "stored", "failed"],
            ))
            .col(ts(MessageMedia::CreatedAt))
            .foreign_key(&mut fk(
                MessageMedia::Table,
                MessageMedia::MessageId,
                Messages::Table,
                Messages::Id,
                Cascade,
            ))
            .index(
                Index::create()
                    .name("uq_message_media_position")
                    .col(MessageMedia::MessageId)
                    .col(MessageMedia::Position)
                    .unique(),
            )
            .take(),
        // Messages the spam filter kept out of the inbox; enough is kept to restore them
        // exactly as they arrived.
        Table::create()
            .table(BlockedMessages::Table)
            .col(pk(BlockedMessages::Id))
            .col(
                ColumnDef::new(BlockedMessages::AccountId)
                    .string()
                    .not_null(),
            )
            .col(
                ColumnDef::new(BlockedMessages::ContactNumber)
                    .string()
                    .not_null(),
            )
            .col(ColumnDef::new(BlockedMessages::ProfileName).string().null())
            .col(ColumnDef::new(BlockedMessages::Body).text().not_null())
            .col(
                ColumnDef::new(BlockedMessages::ProviderMessageId)
                    .string()
                    .not_null(),
            )
            .col(
                ColumnDef::new(BlockedMessages::MatchedKeyword)
                    .string()
                    .not_null(),
            )
            .col(ColumnDef::new(BlockedMessages::RawParams).text().not_null())
            .col(ts(BlockedMessages::ReceivedAt))
            .col(ts_null(BlockedMessages::RestoredAt))
            .foreign_key(&mut fk(
                BlockedMessages::Table,
                BlockedMessages::AccountId,
                Accounts::Table,
                Accounts::Id,
                Cascade,
            ))
            .index(
                Index::create()
                    .name("uq_blocked_account_provider_id")
                    .col(BlockedMessages::AccountId)
                    .col(BlockedMessages::ProviderMessageId)
                    .unique(),
            )
            .take(),
        Table::create()
            .table(SpamKeywords::Table)
            .col(pk(SpamKeywords::Id))
            .col(
                ColumnDef::new(SpamKeywords::Keyword)
                    .string()
                    .not_null()
                    .unique_key(),
            )
            .col(flag(SpamKeywords::Enabled, true))
            .col(ts(SpamKeywords::CreatedAt))
            .take(),
        Table::create()
            .table(Labels::Table)
            .col(pk(Labels::Id))
            .col(
                ColumnDef::new(Labels::Name)
                    .string()
                    .not_null()
                    .unique_key(),
            )
            .col(ColumnDef::new(Labels::Color).string().not_null())
            .col(
                ColumnDef::new(Labels::Position)
                    .integer()
                    .not_null()
                    .default(0),
            )
            .col(ts(Labels::CreatedAt))
            .take(),
        Table::create()
            .table(ThreadLabels::Table)
            .col(ColumnDef::new(ThreadLabels::ThreadId).string().not_null())
            .col(
                ColumnDef::new(ThreadLabels::LabelId)
                    .big_integer()
                    .not_null(),
            )
            .col(ts(ThreadLabels::CreatedAt))
            .primary_key(
                Index::create()
                    .col(ThreadLabels::ThreadId)
                    .col(ThreadLabels::LabelId),
            )
            .foreign_key(&mut fk(
                ThreadLabels::Table,
                ThreadLabels::ThreadId,
                Threads::Table,
                Threads::Id,
                Cascade,
            ))
            .foreign_key(&mut fk(
                ThreadLabels::Table,
                ThreadLabels::LabelId,
                Labels::Table,
                Labels::Id,
                Cascade,
            ))
            .take(),
        // Who owned a lead when, and why it moved.
        Table::create()
            .table(AssignmentEvents::Table)
            .col(pk(AssignmentEvents::Id))
            .col(
                ColumnDef::new(AssignmentEvents::ThreadId)
                    .string()
                    .not_null(),
            )
            .col(
                ColumnDef::new(AssignmentEvents::FromAgentId)
                    .big_integer()
                    .null(),
            )
            .col(
                ColumnDef::new(AssignmentEvents::ToAgentId)
                    .big_integer()
                    .null(),
            )
            .col(one_of(
                AssignmentEvents::Reason,
                &["round_robin", "sticky", "escalation", "manual", "sender"],
            ))
            .col(ts(AssignmentEvents::CreatedAt))
            .foreign_key(&mut fk(
                AssignmentEvents::Table,
                AssignmentEvents::ThreadId,
                Threads::Table,
                Threads::Id,
                Cascade,
            ))
            .foreign_key(&mut fk(
                AssignmentEvents::Table,
                AssignmentEvents::FromAgentId,
                Agents::Table,
                Agents::Id,
                SetNull,
            ))
            .foreign_key(&mut fk(
                AssignmentEvents::Table,
                AssignmentEvents::ToAgentId,
                Agents::Table,
                Agents::Id,
                SetNull,
            ))
            .take(),
        // Per account per day counters; the median first response is computed from
        // threads at query time.
        Table::create()
            .table(DailyAnalytics::Table)
            .col(
                ColumnDef::new(DailyAnalytics::AccountId)
                    .string()
                    .not_null(),
            )
            .col(ColumnDef::new(DailyAnalytics::Day).date().not_null())
            .col(counter(DailyAnalytics::ReceivedCount))
            .col(counter(DailyAnalytics::ReplyCount))
            .col(counter(DailyAnalytics::BlockedCount))
            .col(counter(DailyAnalytics::NewLeadCount))
            .primary_key(
                Index::create()
                    .col(DailyAnalytics::AccountId)
                    .col(DailyAnalytics::Day),
            )
            .foreign_key(&mut fk(
                DailyAnalytics::Table,
                DailyAnalytics::AccountId,
                Accounts::Table,
                Accounts::Id,
                Cascade,
            ))
            .take(),
        // Key/value settings, values as JSON.
        Table::create()
            .table(Settings::Table)
            .col(
                ColumnDef::new(Settings::Key)
                    .string()
                    .not_null()
                    .primary_key(),
            )
            .col(ColumnDef::new(Settings::Value).text().not_null())
            .col(ts(Settings::UpdatedAt))
            .take(),
        Table::create()
            .table(Notifications::Table)
            .col(pk(Notifications::Id))
            .col(
                ColumnDef::new(Notifications::AgentId)
                    .big_integer()
                    .not_null(),
            )
            .col(ColumnDef::new(Notifications::Kind).string().not_null())
            .col(ColumnDef::new(Notifications::ThreadId).string().null())
            .col(ColumnDef::new(Notifications::Title).string().not_null())
            .col(ColumnDef::new(Notifications::Body).text().not_null())
            .col(ts(Notifications::CreatedAt))
            .col(ts_null(Notifications::DismissedAt))
            .foreign_key(&mut fk(
                Notifications::Table,
                Notifications::AgentId,
                Agents::Table,
                Agents::Id,
                Cascade,
            ))
            .foreign_key(&mut fk(
                Notifications::Table,
                Notifications::ThreadId,
                Threads::Table,
                Threads::Id,
                Cascade,
            ))
            .take(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    let idx = |name: &str| Index::create().name(name).take();
    vec![
        // The chat list: newest first, filtered by owner and/or account; the id breaks
        // ties so the cursor is stable.
        idx("ix_threads_last_message")
            .table(Threads::Table)
            .col((Threads::LastMessageAt, IndexOrder::Desc))
            .col((Threads::Id, IndexOrder::Desc))
            .take(),
        idx("ix_threads_owner_last_message")
            .table(Threads::Table)
            .col(Threads::OwnerId)
            .col((Threads::LastMessageAt, IndexOrder::Desc))
            .col((Threads::Id, IndexOrder::Desc))
            .take(),
        idx("ix_threads_account_last_message")
            .table(Threads::Table)
            .col(Threads::AccountId)
            .col((Threads::LastMessageAt, IndexOrder::Desc))
            .col((Threads::Id, IndexOrder::Desc))
            .take(),
        // "Which accounts know this number" (smart sender selection, sticky owner).
        idx("ix_threads_contact_number")
            .table(Threads::Table)
            .col(Threads::ContactNumber)
            .take(),
        // Leads waiting for a first response, for the escalation worker.
        idx("ix_threads_unanswered")
            .table(Threads::Table)
            .col(Threads::FirstResponseAt)
            .col(Threads::AssignedAt)
            .take(),
        // Message history, paged backwards.
        idx("ix_messages_thread_created")
            .table(Messages::Table)
            .col(Messages::ThreadId)
            .col((Messages::CreatedAt, IndexOrder::Desc))
            .col((Messages::Id, IndexOrder::Desc))
            .take(),
        // The outbox worker's queue.
        idx("ix_messages_outbox")
            .table(Messages::Table)
            .col(Messages::Status)
            .col(Messages::NextAttemptAt)
            .take(),
        idx("ix_sessions_agent")
            .table(Sessions::Table)
            .col(Sessions::AgentId)
            .take(),
        idx("ix_sessions_expires")
            .table(Sessions::Table)
            .col(Sessions::ExpiresAt)
            .take(),
        idx("ix_thread_labels_label")
            .table(ThreadLabels::Table)
            .col(ThreadLabels::LabelId)
            .take(),
        idx("ix_assignment_events_thread")
            .table(AssignmentEvents::Table)
            .col(AssignmentEvents::ThreadId)
            .col(AssignmentEvents::CreatedAt)
            .take(),
        idx("ix_blocked_received")
            .table(BlockedMessages::Table)
            .col((BlockedMessages::ReceivedAt, IndexOrder::Desc))
            .take(),
        idx("ix_notifications_agent")
            .table(Notifications::Table)
            .col(Notifications::AgentId)
            .col(Notifications::DismissedAt)
            .take(),
    ]
}

#[derive(DeriveIden, Clone)]
enum Accounts {
    Table,
    Id,
    Name,
    PhoneNumber,
    Provider,
    TwilioAccountSid,
    TwilioAuthToken,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum Agents {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    Role,
    Active,
    Available,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum Sessions {
    Table,
    Id,
    AgentId,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
}

#[derive(DeriveIden, Clone)]
enum RotationState {
    Table,
    Id,
    LastAgentId,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum Contacts {
    Table,
    Id,
    PhoneNumber,
    Name,
    Address,
    City,
    State,
    Country,
    PostalCode,
    Email,
    Website,
    BusinessName,
    BusinessCategory,
    Rating,
    Reviews,
    IsBusiness,
    HasReceivedMessage,
    Latitude,
    Longitude,
    Notes,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum Threads {
    Table,
    Id,
    AccountId,
    ContactNumber,
    ProfileName,
    OwnerId,
    AssignedAt,
    FirstResponseAt,
    EscalationCount,
    EscalationState,
    UnreadCount,
    LastMessageAt,
    LastMessagePreview,
    LastMessageDirection,
    LastInboundAt,
    LastInboundAutoReply,
    Notes,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum Templates {
    Table,
    Id,
    Title,
    Body,
    ContentSid,
    Points,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum Messages {
    Table,
    Id,
    ThreadId,
    AccountId,
    Direction,
    MessageType,
    Body,
    ProviderMessageId,
    Status,
    ErrorCode,
    ErrorMessage,
    TemplateId,
    TemplateCredited,
    SentBy,
    IsAutoReply,
    Latitude,
    Longitude,
    Attempts,
    NextAttemptAt,
    ReadAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum MessageMedia {
    Table,
    Id,
    MessageId,
    Position,
    ProviderUrl,
    ContentType,
    LocalPath,
    SizeBytes,
    Status,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum BlockedMessages {
    Table,
    Id,
    AccountId,
    ContactNumber,
    ProfileName,
    Body,
    ProviderMessageId,
    MatchedKeyword,
    RawParams,
    ReceivedAt,
    RestoredAt,
}

#[derive(DeriveIden, Clone)]
enum SpamKeywords {
    Table,
    Id,
    Keyword,
    Enabled,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum Labels {
    Table,
    Id,
    Name,
    Color,
    Position,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum ThreadLabels {
    Table,
    ThreadId,
    LabelId,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum AssignmentEvents {
    Table,
    Id,
    ThreadId,
    FromAgentId,
    ToAgentId,
    Reason,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum DailyAnalytics {
    Table,
    AccountId,
    Day,
    ReceivedCount,
    ReplyCount,
    BlockedCount,
    NewLeadCount,
}

#[derive(DeriveIden, Clone)]
enum Settings {
    Table,
    Key,
    Value,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum Notifications {
    Table,
    Id,
    AgentId,
    Kind,
    ThreadId,
    Title,
    Body,
    CreatedAt,
    DismissedAt,
}
