//! Message providers (Twilio, the simulator) and Twilio's request signatures.

pub mod signature;
