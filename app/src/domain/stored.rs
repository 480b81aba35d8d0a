//! States stored as text and sent as the same text: one declaration gives the enum,
//! its names (`as_str`, `ALL`, `FromStr`, `Display`), its JSON form and, on the server,
//! its column type (sea-orm's `DeriveActiveEnum`), so a state is never a string
//! compared or written by hand outside `domain/` and `migrations/`.

/// A stored name that is not one of the enum's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} '{name}'")]
pub struct UnknownName {
    what: &'static str,
    name: String,
}

impl UnknownName {
    /// `name` is not a `what`.
    pub fn new(what: &'static str, name: &str) -> Self {
        Self {
            what,
            name: name.to_owned(),
        }
    }
}

/// Declares a stored state: `pub enum Name as "what" { Variant = "text", … }`, each
/// variant with its doc comment.
macro_rules! stored_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident as $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $text:tt ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(
            feature = "ssr",
            derive(utoipa::ToSchema, sea_orm::EnumIter, sea_orm::DeriveActiveEnum)
        )]
        #[cfg_attr(
            feature = "ssr",
            sea_orm(rs_type = "String", db_type = "String(sea_orm::sea_query::StringLen::None)")
        )]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $text)]
                #[cfg_attr(feature = "ssr", sea_orm(string_value = $text))]
                $variant
            ),+
        }

        impl $name {
            /// Every value, in the order declared.
            pub const ALL: [Self; [$($text),+].len()] = [$(Self::$variant),+];

            /// The name stored in the database and used on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::stored::UnknownName;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok(Self::$variant),)+
                    other => Err($crate::domain::stored::UnknownName::new($what, other)),
                }
            }
        }
    };
}

pub(crate) use stored_enum;
