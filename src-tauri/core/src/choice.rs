//! Fixed lists the UI offers in drop-downs (study forms, room kinds…): one declaration gives the
//! enum (stored and sent as its snake_case code), `ALL`, `code`, the Russian `label` and
//! `from_code`, so every list is written once.

/// `choice_enum! { /// doc  pub enum Name (fallback Variant) { Variant = "code", "Метка"; … } }`
/// `from_code` reads an unknown stored value (written by a newer version) as the fallback.
macro_rules! choice_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident (fallback $fallback:ident) {
            $($variant:ident = $code:literal, $label:literal;)+
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash,
            serde::Serialize, serde::Deserialize, ts_rs::TS,
        )]
        #[serde(rename_all = "snake_case")]
        #[ts(export)]
        $vis enum $name {
            $($variant,)+
        }

        impl $name {
            pub const ALL: [$name; <[&str]>::len(&[$($code),+])] = [$($name::$variant),+];

            /// The value stored in the database, the same as the serde name.
            pub fn code(&self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            pub fn label(&self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            pub fn from_code(code: &str) -> $name {
                $name::ALL
                    .into_iter()
                    .find(|k| k.code() == code)
                    .unwrap_or($name::$fallback)
            }
        }
    };
}

pub(crate) use choice_enum;
