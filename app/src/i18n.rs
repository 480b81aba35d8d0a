//! Indonesian by default, English on request: a small translation layer.
//!
//! Texts are written in Indonesian in the components and looked up here by that text;
//! [`use_t`] gives a function that answers in the chosen language and re-renders when
//! it changes. The choice lives in a cookie, so the server renders the same language
//! the browser hydrates.

use leptos::prelude::*;

/// Name of the language cookie.
pub const LANG_COOKIE: &str = "serambi_lang";

/// A language of the interface.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    /// Bahasa Indonesia (the default).
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// `id` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// The language of a `Cookie` header, Indonesian when it names none.
    pub fn from_cookie_header(header: &str) -> Self {
        match cookie_value(header, LANG_COOKIE) {
            Some("en") => Lang::En,
            _ => Lang::Id,
        }
    }
}

/// The value of cookie `name` in a `Cookie` header (or `document.cookie`).
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
}

/// Indonesian text and its English translation.
const TEXTS: &[(&str, &str)] = &[
    ("Kotak Masuk", "Inbox"),
    ("Keluar", "Log out"),
    ("Agen", "Agent"),
    ("Percakapan", "Conversations"),
    ("+ Pesan Baru", "+ New message"),
    (
        "Cari nama, nomor, atau pesan…  ( / )",
        "Search name, number or message…  ( / )",
    ),
    ("Cari percakapan", "Search conversations"),
    ("Semua", "All"),
    ("Bersihkan", "Clear"),
    ("Bersihkan pilihan akun", "Clear account selection"),
    ("Filter", "Filters"),
    ("Hapus semua filter", "Clear all filters"),
    ("Tampilkan", "Show"),
    ("Menu percakapan", "Chat menu"),
    ("Belum dibaca", "Unread"),
    ("Saring menurut label", "Filter by label"),
    ("Semua pemilik", "All owners"),
    ("Milik saya", "Mine"),
    ("Belum ditugaskan", "Unassigned"),
    ("Belum ada percakapan", "No conversations yet"),
    (
        "Pesan WhatsApp yang masuk akan muncul di sini.",
        "Incoming WhatsApp messages will appear here.",
    ),
    ("Memuat…", "Loading…"),
    (
        "Pilih percakapan untuk mulai membalas.",
        "Choose a conversation to start replying.",
    ),
    ("Akun", "Account"),
    ("Juga di:", "Also on:"),
    ("Memuat pesan…", "Loading messages…"),
    ("Memuat pesan lama…", "Loading older messages…"),
    ("Belum ada pesan.", "No messages yet."),
    ("Hari ini", "Today"),
    ("Kemarin", "Yesterday"),
    ("Dikirim dari", "Sent from"),
    ("Tulis pesan…", "Write a message…"),
    ("Kirim", "Send"),
    ("Hapus", "Remove"),
    ("Kirim ulang", "Send again"),
    ("Coba lagi", "Try again"),
    ("Buang", "Discard"),
    ("Mengirim…", "Sending…"),
    (
        "Di luar jendela 24 jam: WhatsApp hanya menerima template yang disetujui sampai pelanggan menulis lagi.",
        "Outside the 24-hour window: WhatsApp accepts only approved templates until the customer writes again.",
    ),
    ("Info Lead", "Lead info"),
    ("Pemilik", "Owner"),
    ("Ditugaskan", "Assigned"),
    ("Respons pertama", "First response"),
    ("Belum dibalas", "Not answered yet"),
    ("Eskalasi", "Escalation"),
    ("Label", "Labels"),
    ("Tidak ada label", "No labels"),
    ("Kontak", "Contact"),
    ("Catatan", "Notes"),
    ("Terkunci (sudah dibalas)", "Locked (answered)"),
    ("Menunggu balasan pertama", "Waiting for the first reply"),
    ("Terlambat dibalas", "Overdue"),
    ("Pesan Baru", "New message"),
    ("Kepada", "To"),
    ("Pesan", "Message"),
    ("Kirim sebagai", "Send as"),
    ("Pilih akun…", "Choose an account…"),
    (
        "Ketik nomor tujuan untuk memilih akun pengirim.",
        "Type the number to choose the sending account.",
    ),
    (
        "Kontak baru: pilih akun pengirim.",
        "New contact: choose the sending account.",
    ),
    (
        "Nomor ini dikenal di beberapa akun.",
        "This number is known on several accounts.",
    ),
    ("Dikirim dari ", "Sent from "),
    (
        " — nomor ini sudah berbicara dengan akun tersebut.",
        " — this number has talked with that account.",
    ),
    ("Profil Pengirim", "Sender profile"),
    ("Tanpa nama profil", "No profile name"),
    ("Terakhir dihubungi ", "Last contacted "),
    ("Tidak tersimpan di Kontak", "Not saved in Contacts"),
    ("+ Tambah ke Kontak", "+ Add to Contacts"),
    ("Ubah", "Edit"),
    ("Yakin hapus?", "Delete for sure?"),
    ("Simpan", "Save"),
    ("Batal", "Cancel"),
    ("Nama", "Name"),
    ("Situs web", "Website"),
    ("Nama usaha", "Business name"),
    ("Kota", "City"),
    ("Penilaian (1–5)", "Rating (1–5)"),
    ("Lintang", "Latitude"),
    ("Bujur", "Longitude"),
    ("Tutup", "Close"),
    ("Gagal memuat data.", "Could not load the data."),
    ("Bahasa", "Language"),
    ("Kode", "Code"),
    ("Pesan tidak terkirim.", "Message not sent."),
    ("Gambar", "Image"),
    (
        "Lampiran tidak dapat diunduh",
        "The attachment could not be downloaded",
    ),
    ("Lampiran sedang diunduh…", "Downloading the attachment…"),
    ("Menunggu dikirim", "Waiting to send"),
    ("Diterima penyedia", "Accepted by the provider"),
    ("Terkirim", "Sent"),
    ("Sampai", "Delivered"),
    ("Dibaca", "Read"),
    ("Gagal", "Failed"),
    ("Status tidak pasti", "Status unknown"),
    ("Balasan otomatis", "Automatic reply"),
    ("Pesan personal", "Personal message"),
    ("Anda: ", "You: "),
    ("belum dibaca", "unread"),
    ("Pemilik: ", "Owner: "),
    (
        "Buka percakapan di akun",
        "Open the conversation on account",
    ),
    (
        "Kembali ke daftar percakapan",
        "Back to the conversation list",
    ),
    ("Akun percakapan ini:", "This conversation's account:"),
    ("Info lead", "Lead info"),
    ("Profil pengirim", "Sender profile"),
    ("Riwayat pesan", "Message history"),
    ("Profil", "Profile"),
    (
        "Daftar percakapan (j/k untuk pindah, Enter untuk membuka)",
        "Conversation list (j/k to move, Enter to open)",
    ),
    ("Tampilkan akun", "Show account"),
    ("Pemilik percakapan", "Conversation owner"),
    ("Akun WhatsApp", "WhatsApp accounts"),
    ("Tutup info lead", "Close lead info"),
    ("Dieskalasi {} kali", "Escalated {} times"),
    ("Daftar percakapan", "Conversation list"),
    ("Jendela chat", "Chat window"),
    ("Memuat percakapan", "Loading conversations"),
    (
        "Di luar jendela 24 jam WhatsApp: pelanggan belum menulis dalam 24 jam terakhir. Kirim template yang disetujui.",
        "Outside WhatsApp's 24-hour window: the customer has not written in the last 24 hours. Send an approved template.",
    ),
    (
        "Percakapan ini milik agen lain.",
        "This conversation belongs to another agent.",
    ),
    (
        "Sesi berakhir. Silakan masuk lagi.",
        "Your session has ended. Please log in again.",
    ),
    ("Berkas lebih dari 16 MB.", "The file is larger than 16 MB."),
    ("Lampirkan berkas", "Attach a file"),
    (
        "Unggahan gagal: jaringan tidak tersedia.",
        "Upload failed: no network.",
    ),
    ("Unggahan gagal (HTTP {}).", "Upload failed (HTTP {})."),
    ("terkunci", "locked"),
    ("terlambat", "overdue"),
    ("eskalasi…", "escalating…"),
    ("Sisa waktu sebelum eskalasi", "Time left before escalation"),
    ("Pesan baru", "New message"),
    (
        "Beri tahu saya saat ada pesan baru",
        "Tell me when a new message arrives",
    ),
    ("Aktifkan notifikasi", "Turn on notifications"),
    ("Menyambung ulang…", "Reconnecting…"),
    // The admin area and the notification centre.
    ("+ Buat Label Baru", "+ New label"),
    ("+ Buat Label", "+ Create label"),
    ("Abaikan huruf besar/kecil", "Ignore upper/lower case"),
    (
        "Balasan otomatis, cocok dengan:",
        "Automatic reply, matches:",
    ),
    ("Belum ada label.", "No labels yet."),
    ("Buat", "Create"),
    ("Cara mencocokkan", "How to match"),
    ("Coba pesan", "Try a message"),
    ("Cocokkan sebagian kata", "Match parts of words"),
    (
        "Diblokir filter spam oleh kata kunci",
        "Blocked by the spam filter, keyword",
    ),
    ("Dismiss", "Done"),
    ("Filter spam", "Spam filter"),
    ("Halaman ini khusus admin", "This page is for admins"),
    (
        "Akun Anda tidak punya akses ke halaman ini. Minta admin bila Anda memerlukannya.",
        "Your account has no access to this page. Ask an admin if you need it.",
    ),
    ("Hapus label", "Delete label"),
    ("Kata kunci baru", "New keyword"),
    (
        "Kata kunci baru, mis. promo gratis",
        "New keyword, e.g. free promo",
    ),
    ("Kata kunci", "Keywords"),
    ("Kembali ke Kotak Masuk", "Back to the inbox"),
    ("Kode warna", "Colour code"),
    ("Kosongkan log", "Empty the log"),
    ("Kosongkan", "Empty"),
    ("Label chat", "Chat labels"),
    (
        "Label ini belum dipakai di chat mana pun. Hapus?",
        "No chat carries this label yet. Delete it?",
    ),
    ("Label ini dipakai di", "This label is on"),
    (
        "Label menandai chat (misalnya prospek panas) dan menyaring daftar chat.",
        "Labels mark chats (a hot lead, say) and filter the chat list.",
    ),
    ("Lihat Chat", "View chat"),
    ("Muat lagi", "Load more"),
    ("Naikkan", "Move up"),
    ("Nama label baru", "New label name"),
    ("Notifikasi", "Notifications"),
    ("Periksa", "Check"),
    ("Pesan diblokir", "Blocked messages"),
    (
        "Pesan yang memuat kata kunci aktif tidak masuk inbox; pesan itu disimpan di log di bawah dan bisa dipulihkan.",
        "Messages containing an active keyword stay out of the inbox; they are kept in the log below and can be restored.",
    ),
    (
        "Pesan yang cocok dengan salah satu pola ditandai 🤖. Pola adalah ekspresi reguler, tanpa membedakan huruf besar/kecil, satu per baris.",
        "Messages matching one of the patterns are marked 🤖. Patterns are regular expressions, case-insensitive, one per line.",
    ),
    ("Pola", "Patterns"),
    ("Pulihkan ke Inbox", "Restore to inbox"),
    ("Semua akun", "All accounts"),
    ("Semua notifikasi", "All notifications"),
    (
        "Semua pesan di log akan dihapus permanen. Lanjutkan?",
        "Every message in the log will be deleted for good. Go on?",
    ),
    ("Tambah", "Add"),
    ("Teks pesan", "Message text"),
    ("Tempel pesan di sini", "Paste a message here"),
    (
        "Tersimpan. Berlaku untuk pesan berikutnya.",
        "Saved. Applies to the next message.",
    ),
    ("Tidak ada notifikasi.", "No notifications."),
    ("Tidak ada pesan yang diblokir.", "No blocked messages."),
    ("Turunkan", "Move down"),
    ("Warna", "Colour"),
    ("Ya, hapus", "Yes, delete"),
    ("Ya, kosongkan", "Yes, empty it"),
    (
        "chat dan akan dilepas dari semuanya. Hapus?",
        "chats and will be taken off all of them. Delete it?",
    ),
    ("chat", "chats"),
    ("pesan diblokir hari ini", "messages blocked today"),
    ("✅ Lolos filter spam.", "✅ Passes the spam filter."),
    ("👤 Bukan balasan otomatis.", "👤 Not an automatic reply."),
    // Templates, the composer's picker and the team.
    ("+ Agen baru", "+ New agent"),
    ("+ Template baru", "+ New template"),
    ("Aktifkan", "Activate"),
    ("Atur ulang kata sandi", "Reset password"),
    (
        "Balasan cepat untuk composer: ketik / atau tekan ⚡. Template mendapat 3 poin setiap kali pelanggan membalas pesan yang dikirim darinya.",
        "Quick replies for the composer: type / or press ⚡. A template earns 3 points each time a customer answers a message sent from it.",
    ),
    ("Belum ada template.", "No templates yet."),
    ("Hapus template", "Delete template"),
    ("Isi pesan", "Message text"),
    ("Judul", "Title"),
    (
        "Kata sandi baru (min. 8 karakter)",
        "New password (at least 8 characters)",
    ),
    (
        "Kata sandi diganti; semua sesi agen ini berakhir.",
        "Password changed; every session of this agent has ended.",
    ),
    (
        "Kata sandi pertama (min. 8 karakter)",
        "First password (at least 8 characters)",
    ),
    (
        "Lead baru dibagi bergiliran kepada agen yang aktif dan siap menerima lead. Menonaktifkan agen langsung memindahkan lead mereka yang belum dibalas.",
        "New leads go round-robin to agents who are active and ready for leads. Deactivating an agent moves their unanswered leads on at once.",
    ),
    ("Nonaktif", "Inactive"),
    ("Nonaktifkan", "Deactivate"),
    ("Nonaktifkan agen", "Deactivate agent"),
    ("Peran", "Role"),
    ("Pilih template", "Choose a template"),
    ("Pratinjau", "Preview"),
    ("Shortcut (opsional)", "Shortcut (optional)"),
    ("Siap", "Ready"),
    ("Siap menerima lead", "Ready for new leads"),
    ("Sisipkan:", "Insert:"),
    ("Tambah agen", "Add agent"),
    ("Template", "Templates"),
    (
        "Template ini hilang dari composer; pesan yang sudah terkirim tetap. Hapus?",
        "The template leaves the composer; messages already sent stay. Delete it?",
    ),
    (
        "Template yang disetujui WhatsApp",
        "WhatsApp-approved templates",
    ),
    (
        "Template yang disetujui WhatsApp (bisa dikirim di luar jendela 24 jam)",
        "WhatsApp-approved template (may be sent outside the 24-hour window)",
    ),
    (
        "Template · ↑↓ pilih, Enter pakai, Esc tutup",
        "Templates · ↑↓ choose, Enter use, Esc close",
    ),
    ("Terakhir terlihat", "Last seen"),
    ("Tidak ada template yang cocok.", "No template matches."),
    ("Tidak menerima lead", "Not taking leads"),
    ("Tim", "Team"),
    (
        "Variabel (satu per baris: nomor = isi)",
        "Variables (one per line: number = text)",
    ),
    ("Ya, nonaktifkan", "Yes, deactivate"),
    ("lead terbuka", "open leads"),
    (
        "lead yang belum dibalas langsung dipindahkan ke agen berikutnya. Lanjutkan?",
        "unanswered leads move to the next agent at once. Continue?",
    ),
    ("poin", "points"),
    ("tidak bisa masuk lagi dan", "can no longer log in, and"),
    ("✓ Disetujui WhatsApp", "✓ WhatsApp-approved"),
    // The accounts page.
    ("+ Akun baru", "+ New account"),
    (
        "Agen yang melayani akun ini",
        "Agents who serve this account",
    ),
    (
        "Auth token (kosong = dari lingkungan server)",
        "Auth token (empty = from the server's environment)",
    ),
    (
        "Auth token baru (kosong = tidak diubah)",
        "New auth token (empty = unchanged)",
    ),
    ("Gagal kirim 24 jam", "Send failures, 24 h"),
    ("Keluar hari ini", "Sent today"),
    (
        "Kredensial Twilio dari lingkungan server (TWILIO_ACCOUNT_SID)",
        "Twilio credentials from the server's environment (TWILIO_ACCOUNT_SID)",
    ),
    ("Kredensial sendiri:", "Own credentials:"),
    ("terenkripsi", "encrypted"),
    (
        "token terenkripsi tidak bisa dibuka: periksa SERAMBI_SECRET_KEY",
        "the encrypted token does not open: check SERAMBI_SECRET_KEY",
    ),
    ("tanpa token", "no token"),
    (
        "Lead baru akun ini hanya dibagi di antara agen yang dipilih.",
        "New leads on this account go only to the chosen agents.",
    ),
    ("Masuk hari ini", "Received today"),
    (
        "Nomor (E.164, misalnya +62812…)",
        "Number (E.164, e.g. +62812…)",
    ),
    ("Nonaktifkan akun", "Deactivate account"),
    (
        "Nomor WhatsApp bisnis. Balasan selalu keluar dari akun percakapannya; akun nonaktif menyimpan riwayat tetapi tidak mengirim.",
        "The business's WhatsApp numbers. A reply always leaves from its conversation's account; a deactivated account keeps its history but sends nothing.",
    ),
    ("Penyedia", "Provider"),
    (
        "Riwayat tetap tersimpan, tetapi akun ini tidak akan mengirim pesan lagi sampai diaktifkan. Lanjutkan?",
        "The history stays, but this account sends nothing until it is activated again. Continue?",
    ),
    ("Salin", "Copy"),
    ("Simpan anggota", "Save members"),
    ("Tambah akun", "Add account"),
    ("Tersalin ✓", "Copied ✓"),
    (
        "Tidak ada yang dipilih: semua agen menerima lead akun ini.",
        "Nobody chosen: every agent takes leads of this account.",
    ),
    (
        "Twilio Account SID (kosong = dari lingkungan server)",
        "Twilio Account SID (empty = from the server's environment)",
    ),
    ("URL status callback", "Status callback URL"),
    (
        "URL webhook Twilio (pesan masuk)",
        "Twilio webhook URL (incoming messages)",
    ),
    ("Webhook terakhir", "Last webhook"),
    ("belum pernah", "never"),
    (
        "Di luar jam kerja: hitung mundur berlanjut saat buka",
        "Outside working hours: the countdown resumes at opening time",
    ),
    // The settings page.
    ("Bahasa bawaan", "Default language"),
    (
        "Batas pindah harus berupa angka.",
        "The cap on moves must be a number.",
    ),
    (
        "Batas waktu balasan pertama (menit)",
        "First-response time limit (minutes)",
    ),
    (
        "Batas waktu harus berupa angka menit.",
        "The time limit must be a number of minutes.",
    ),
    ("Belum ada perubahan.", "No changes yet."),
    ("Cocokkan juga di dalam kata", "Match inside words too"),
    (
        "Hitung mundur hanya berjalan di jam kerja (di luar jam kerja berhenti dan lanjut saat buka)",
        "The countdown runs only in working hours (outside them it stops and resumes at opening time)",
    ),
    ("Jam kerja", "Working hours"),
    ("Kapan", "When"),
    ("Oleh", "By"),
    ("Paling banyak pindah", "Most moves"),
    ("Pengaturan", "Settings"),
    ("Jejak audit", "Audit trail"),
    (
        "Setiap perubahan oleh admin: siapa, kapan, apa, sebelum → sesudah. Rahasia hanya ditandai \"(diubah)\".",
        "Every change by an admin: who, when, what, before → after. Secrets are only marked \"(diubah)\".",
    ),
    ("Orang", "Person"),
    ("Semua orang", "Everyone"),
    ("Jenis", "Kind"),
    ("Semua jenis", "All kinds"),
    ("Kata kunci spam", "Spam keyword"),
    ("Pola balasan otomatis", "Auto-reply patterns"),
    ("Anggota akun", "Account members"),
    ("dibuat", "created"),
    ("diubah", "changed"),
    ("dihapus", "deleted"),
    ("diurutkan", "reordered"),
    ("dipulihkan", "restored"),
    ("dikosongkan", "emptied"),
    ("kata sandi diatur ulang", "password reset"),
    ("Riwayat perubahan", "Change history"),
    ("Sebelum", "Before"),
    ("Sesudah", "After"),
    ("Tampilan", "Display"),
    (
        "Tampilkan chat yang pesan terakhirnya balasan otomatis 🤖",
        "Show chats whose last message is an automatic reply 🤖",
    ),
    (
        "Tersimpan; berlaku segera di semua server.",
        "Saved; in effect at once on every server.",
    ),
    ("Zona waktu", "Time zone"),
    ("buka", "opens"),
    ("jam tidak lengkap", "hours incomplete"),
    ("tutup", "closes"),
    // The analytics dashboard.
    ("30 hari", "30 days"),
    ("7 hari", "7 days"),
    ("Analitik", "Analytics"),
    ("Dari", "From"),
    ("Dibalas", "Replied"),
    ("Diblokir", "Blocked"),
    ("Dieskalasi dari mereka", "Escalated away"),
    ("Hari", "Day"),
    ("Lead baru", "New leads"),
    (
        "Lead dan eskalasi per hari",
        "Leads and escalations per day",
    ),
    ("Lead ditangani", "Leads handled"),
    (
        "Median respons pertama per hari",
        "Median first response per day",
    ),
    ("Median respons pertama", "Median first response"),
    ("Median", "Median (FRT)"),
    ("Per agen", "Per agent"),
    ("Per akun per hari", "Per account per day"),
    ("Pesan masuk", "Received"),
    ("Pesan per hari", "Messages per day"),
    ("Pilih tanggal", "Pick dates"),
    ("Unduh CSV", "Download CSV"),
    ("p90 respons pertama", "p90 first response"),
    ("Hingga", "To"),
    ("dari", "from"),
    ("Menampilkan daftar tersimpan", "Showing the saved list"),
    ("memperbarui…", "refreshing…"),
    (
        "Kurang dari 2 menit sebelum eskalasi",
        "Under 2 minutes before escalation",
    ),
    (
        "Kurang dari 1 menit sebelum eskalasi",
        "Under 1 minute before escalation",
    ),
    (
        "Waktu habis: lead dieskalasi",
        "Time is up: the lead escalates",
    ),
];

/// `text` in `lang` (the Indonesian text itself when no translation is listed).
pub fn translate(lang: Lang, text: &'static str) -> &'static str {
    match lang {
        Lang::Id => text,
        Lang::En => TEXTS
            .iter()
            .find(|(id, _)| *id == text)
            .map_or(text, |(_, en)| *en),
    }
}

/// The chosen language, shared by the whole page.
#[derive(Debug, Clone, Copy)]
pub struct I18n(pub RwSignal<Lang>);

/// Provides the language of the request (server) or of the page (browser).
pub fn provide_i18n() {
    #[cfg(feature = "ssr")]
    let lang = use_context::<axum::http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(axum::http::header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .map(Lang::from_cookie_header)
        })
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let lang = page_lang();
    provide_context(I18n(RwSignal::new(lang)));
}

/// The language of the page's cookie (the browser's view; the default elsewhere).
fn page_lang() -> Lang {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        document()
            .dyn_into::<leptos::web_sys::HtmlDocument>()
            .ok()
            .and_then(|d| d.cookie().ok())
            .map(|c| Lang::from_cookie_header(&c))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        Lang::default()
    }
}

/// The current language, also where no reactive context is at hand (in a task that
/// outlived its component, say): the context's, else the page's cookie's.
pub fn current_lang() -> Lang {
    use_context::<I18n>().map_or_else(page_lang, |i| i.0.get_untracked())
}

/// The current language.
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<I18n>().map_or_else(|| RwSignal::new(Lang::default()), |i| i.0)
}

/// A translating function for the current language (reactive where it is called).
pub fn use_t() -> impl Fn(&'static str) -> &'static str + Copy + 'static {
    let lang = use_lang();
    move |text| translate(lang.get(), text)
}

/// Switches the language, remembers it for a year and reloads the page, so every
/// text (including those rendered once) is in the new language.
pub fn set_lang(lang: Lang) {
    use_lang().set(lang);
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Ok(doc) = document().dyn_into::<leptos::web_sys::HtmlDocument>() {
            let _ = doc.set_cookie(&format!(
                "{LANG_COOKIE}={}; path=/; max-age=31536000; samesite=lax",
                lang.code()
            ));
        }
        let _ = window().location().reload();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_by_default_english_on_request() {
        assert_eq!(translate(Lang::Id, "Kotak Masuk"), "Kotak Masuk");
        assert_eq!(translate(Lang::En, "Kotak Masuk"), "Inbox");
        assert_eq!(translate(Lang::En, "tidak terdaftar"), "tidak terdaftar");
        assert_eq!(Lang::from_cookie_header("a=1; serambi_lang=en"), Lang::En);
        assert_eq!(Lang::from_cookie_header("serambi_lang=xx"), Lang::Id);
        assert_eq!(Lang::from_cookie_header(""), Lang::Id);
    }

    #[test]
    fn every_text_is_listed_once_and_translated() {
        for (i, (id, en)) in TEXTS.iter().enumerate() {
            assert!(!en.is_empty() && id != en, "{id}");
            assert!(
                TEXTS[i + 1..].iter().all(|(other, _)| other != id),
                "{id} is listed twice"
            );
        }
    }
}
