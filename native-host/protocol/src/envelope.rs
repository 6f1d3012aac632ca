//! Frames: the request envelope, replies, chunked replies and events.
//!
//! ```text
//! extension → host  {"id":7,"origin":"https://lk.example","command":"sign","args":{…}}
//! host → extension  {"id":7,"ok":true,"result":{…}}
//!                   {"id":7,"ok":false,"error":{"code":"PIN_LOCKED","messageRu":"…","messageEn":"…"}}
//!                   {"id":7,"chunk":{"index":0,"total":3,"data":"<part of the reply JSON>"}}
//!                   {"event":"token-inserted","data":{…}}
//! ```

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::command::Command;
use crate::error::{ErrorCode, Lang};
use crate::token::{TokenInfo, TokenRef};

/// Request id chosen by the extension, unique among requests in flight.
pub type RequestId = u64;

/// A parsed request. The origin is still raw text here; the host
/// validates it with [`crate::Origin::parse`] and its policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Request id.
    pub id: RequestId,
    /// The origin the extension took from the browser's sender info.
    pub origin: String,
    /// The command.
    pub command: Command,
}

/// Why a frame is not a valid request. `id` is the request id when it
/// could be read, so the error reply can be matched to its request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError {
    /// Request id, when readable.
    pub id: Option<RequestId>,
    /// Error code.
    pub code: ErrorCode,
    /// Technical detail (English), safe to log.
    pub detail: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequest {
    id: Value,
    origin: Value,
    command: Value,
    #[serde(default)]
    args: Option<Value>,
}

impl Request {
    /// Parses one frame's payload.
    pub fn from_slice(payload: &[u8]) -> Result<Request, RequestError> {
        let err = |id, code, detail: String| RequestError { id, code, detail };
        let text = std::str::from_utf8(payload)
            .map_err(|e| err(None, ErrorCode::BadFrame, format!("not UTF-8: {e}")))?;
        let value: Value = serde_json::from_str(text)
            .map_err(|e| err(None, ErrorCode::BadFrame, format!("not JSON: {e}")))?;
        let Value::Object(map) = &value else {
            return Err(err(None, ErrorCode::BadFrame, "not a JSON object".into()));
        };
        let id = map.get("id").and_then(Value::as_u64);
        let raw: RawRequest = serde_json::from_value(value)
            .map_err(|e| err(id, ErrorCode::BadRequest, e.to_string()))?;
        let id = raw.id.as_u64().ok_or_else(|| err(None, ErrorCode::BadRequest, "id must be a non-negative integer".into()))?;
        let origin = raw.origin.as_str().ok_or_else(|| err(Some(id), ErrorCode::BadRequest, "origin must be a string".into()))?.to_string();
        let name = raw.command.as_str().ok_or_else(|| err(Some(id), ErrorCode::BadRequest, "command must be a string".into()))?;
        let command = Command::parse(name, raw.args).map_err(|detail| match detail {
            None => err(Some(id), ErrorCode::UnknownCommand, format!("unknown command {name:?}")),
            Some(d) => err(Some(id), ErrorCode::BadRequest, d),
        })?;
        Ok(Request { id, origin, command })
    }
}

/// The error object of a failed reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// Stable code.
    pub code: ErrorCode,
    /// Message for users, Russian.
    pub message_ru: String,
    /// Message for users, English.
    pub message_en: String,
    /// Technical detail (English), for logs and developers.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub detail: Option<String>,
    /// PIN attempts left, when the token reports it (`PIN_INCORRECT`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub attempts_left: Option<u32>,
}

impl ErrorBody {
    /// An error with the code's default messages.
    pub fn new(code: ErrorCode, detail: impl Into<Option<String>>) -> ErrorBody {
        ErrorBody {
            code,
            message_ru: code.message(Lang::Ru).to_string(),
            message_en: code.message(Lang::En).to_string(),
            detail: detail.into(),
            attempts_left: None,
        }
    }
}

/// A reply to one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(untagged)]
pub enum Reply {
    /// Success.
    Ok {
        /// Request id.
        id: RequestId,
        /// Always true.
        ok: bool,
        /// The command's result.
        result: Value,
    },
    /// Failure. `id` is null when the request id could not be read.
    Err {
        /// Request id, or null.
        id: Option<RequestId>,
        /// Always false.
        ok: bool,
        /// The error.
        error: ErrorBody,
    },
}

impl Reply {
    /// A success reply.
    pub fn ok(id: RequestId, result: Value) -> Reply {
        Reply::Ok { id, ok: true, result }
    }
    /// A failure reply.
    pub fn err(id: Option<RequestId>, error: ErrorBody) -> Reply {
        Reply::Err { id, ok: false, error }
    }
}

/// One piece of a reply too large for a single frame. The extension
/// concatenates `data` of chunks 0..total and parses the result as the
/// reply JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChunkFrame {
    /// Request id.
    pub id: RequestId,
    /// The piece.
    pub chunk: ChunkPart,
}

/// See [`ChunkFrame`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChunkPart {
    /// Zero-based index.
    pub index: u32,
    /// Number of chunks.
    pub total: u32,
    /// A slice of the reply's JSON text.
    pub data: String,
}

/// Events the host pushes without a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "event", content = "data", rename_all = "kebab-case")]
pub enum Event {
    /// A token appeared.
    TokenInserted(TokenInfo),
    /// A token disappeared.
    TokenRemoved(TokenRemovedData),
}

/// Data of [`Event::TokenRemoved`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TokenRemovedData {
    /// The token that was removed.
    pub token: TokenRef,
    /// Its label, for display.
    pub label: String,
}

/// An event frame as written on the wire.
pub type EventFrame = Event;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::CommandName;

    fn parse(s: &str) -> Result<Request, RequestError> {
        Request::from_slice(s.as_bytes())
    }

    #[test]
    fn parses_each_command_shape() {
        let r = parse(r#"{"id":1,"origin":"https://a.ru","command":"status"}"#).unwrap();
        assert_eq!(r.command.name(), CommandName::Status);
        let r = parse(r#"{"id":2,"origin":"https://a.ru","command":"hello","args":{"protocol":"1.0"}}"#).unwrap();
        assert_eq!(r.command.name(), CommandName::Hello);
        let r = parse(r#"{"id":3,"origin":"https://a.ru","command":"sign","args":{"certificate":"ab","input":{"type":"digest","digest":"AA=="},"format":"raw","consent":null}}"#).unwrap();
        assert_eq!(r.command.name(), CommandName::Sign);
    }

    #[test]
    fn classifies_bad_frames() {
        let cases: &[(&[u8], Option<u64>, ErrorCode)] = &[
            (b"\xff\xfe", None, ErrorCode::BadFrame),
            (b"{not json", None, ErrorCode::BadFrame),
            (b"[1,2]", None, ErrorCode::BadFrame),
            (br#"{"id":"x","origin":"https://a.ru","command":"status"}"#, None, ErrorCode::BadRequest),
            (br#"{"id":5,"origin":"https://a.ru","command":"nope"}"#, Some(5), ErrorCode::UnknownCommand),
            (br#"{"id":6,"origin":"https://a.ru","command":"status","args":{"x":1}}"#, Some(6), ErrorCode::BadRequest),
            (br#"{"id":7,"origin":"https://a.ru","command":"cancel","args":{"target":"x"}}"#, Some(7), ErrorCode::BadRequest),
            (br#"{"id":8,"origin":"https://a.ru","command":"cancel"}"#, Some(8), ErrorCode::BadRequest),
            (br#"{"id":9,"origin":"https://a.ru","command":"status","extra":1}"#, Some(9), ErrorCode::BadRequest),
            (br#"{"id":10,"origin":5,"command":"status"}"#, Some(10), ErrorCode::BadRequest),
            (br#"{"id":11,"origin":"https://a.ru","command":"status","args":[]}"#, Some(11), ErrorCode::BadRequest),
        ];
        for (bytes, id, code) in cases {
            let e = Request::from_slice(bytes).unwrap_err();
            assert_eq!((e.id, e.code), (*id, *code), "{:?}", String::from_utf8_lossy(bytes));
        }
    }

    #[test]
    fn replies_and_events_serialize_as_documented() {
        let ok = serde_json::to_string(&Reply::ok(1, serde_json::json!({"a":1}))).unwrap();
        assert_eq!(ok, r#"{"id":1,"ok":true,"result":{"a":1}}"#);
        let e = serde_json::to_value(Reply::err(None, ErrorBody::new(ErrorCode::BadFrame, None))).unwrap();
        assert_eq!(e["id"], Value::Null);
        assert_eq!(e["error"]["code"], "BAD_FRAME");
        let ev = serde_json::to_value(Event::TokenRemoved(TokenRemovedData {
            token: TokenRef { module: "m.so".into(), serial: "1".into() },
            label: "t".into(),
        })).unwrap();
        assert_eq!(ev["event"], "token-removed");
        assert_eq!(ev["data"]["token"]["serial"], "1");
    }
}
