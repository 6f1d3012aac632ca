//! Importing official XSD files: compiles them into a pack (JS
//! `compileSchemas`).
//!
//! The XSD compiler (`podpis_validator::compile`: schema model, content
//! automata, pattern translation, pack serialization) is only needed when a
//! user imports schemas on the extension's options page, so it ships as a
//! module of its own, `podpis_schema_import` (this crate built with
//! `--no-default-features --features schema-import`, see
//! `scripts/build-wasm.sh`). The main module `podpis_wasm` only loads packs
//! (`Validator.fromPack`) and stays small.
//!
//! ```js
//! import init, { compileSchemas } from "./podpis_schema_import.js";
//! const pack = compileSchemas([{ name: "NO_RASCHSV_1_162_00_05_08_02.xsd", bytes }, …]); // Uint8Array
//! const v = Validator.fromPack(pack);   // podpis_wasm: forms(), check(), …
//! ```
//!
//! The Rust functions exist in every build (tests use them); the JS export
//! only in the `schema-import` build.

use std::collections::BTreeMap;

use js_sys::{Array, Reflect, Uint8Array};
use podpis_validator::compile::CompileError;
use podpis_validator::schema_model::SchemaError;
use podpis_validator::{compile_files, Pack};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::error::{ErrorCode, WasmError};

#[wasm_bindgen]
extern "C" {
    /// `Array<{ name: string; bytes: Uint8Array }>` as JS passes it.
    #[wasm_bindgen(typescript_type = "SchemaFile[]")]
    pub type SchemaFiles;
}

/// Compiles official XSD files (`[{name, bytes}]`; relative
/// `schemaLocation`s resolve against the names) into a pack blob, the bytes
/// `podpis-check compile` writes for the same files (load it with
/// `Validator.fromPack` of `podpis_wasm`). Throws `SCHEMA_*` errors whose
/// message and `file` name the schema file concerned, `invalid-argument` for
/// anything but a non-empty array of `{name: string, bytes: Uint8Array}`.
#[cfg_attr(feature = "schema-import", wasm_bindgen(js_name = compileSchemas))]
pub fn compile_schemas(files: &SchemaFiles) -> Result<Vec<u8>, JsValue> {
    Ok(compile_pack(schema_files_from_js(files)?)?.to_bytes())
}

/// Compiles schema files given as `name → bytes` into a pack.
pub fn compile_pack(files: BTreeMap<String, Vec<u8>>) -> Result<Pack, WasmError> {
    if files.is_empty() {
        return Err(WasmError::new(ErrorCode::InvalidArgument, "не выбрано ни одного файла схемы", "no schema files given"));
    }
    compile_files(&files).map_err(compile_error)
}

/// Reads `[{name, bytes}]` from JS.
fn schema_files_from_js(files: &JsValue) -> Result<BTreeMap<String, Vec<u8>>, WasmError> {
    let bad = || {
        WasmError::new(
            ErrorCode::InvalidArgument,
            "схемы передаются массивом объектов { name: string, bytes: Uint8Array }",
            "schemas are passed as an array of { name: string, bytes: Uint8Array }",
        )
    };
    let array = files.dyn_ref::<Array>().ok_or_else(bad)?;
    let mut map = BTreeMap::new();
    for item in array.iter() {
        let name = Reflect::get(&item, &JsValue::from_str("name")).ok().and_then(|n| n.as_string()).ok_or_else(bad)?;
        let bytes = Reflect::get(&item, &JsValue::from_str("bytes")).map_err(|_| bad())?;
        let bytes = bytes.dyn_ref::<Uint8Array>().ok_or_else(bad)?;
        map.insert(name, bytes.to_vec());
    }
    Ok(map)
}

/// Maps a schema compile error to a `SCHEMA_*` code naming the file.
pub fn compile_error(e: CompileError) -> WasmError {
    let en = e.to_string();
    let (code, file, ru) = match &e {
        CompileError::Schema(SchemaError::MissingFile { from, location, .. }) => (
            ErrorCode::SchemaMissingFile,
            Some(from.clone()),
            format!("схема {from} ссылается на файл \"{location}\", которого нет среди выбранных: добавьте его"),
        ),
        CompileError::Schema(SchemaError::Xml { file, source }) => {
            (ErrorCode::SchemaInvalid, Some(file.clone()), format!("файл схемы {file} не является корректным XML: {source}"))
        }
        CompileError::Schema(SchemaError::NotSchema(file)) => {
            (ErrorCode::SchemaInvalid, Some(file.clone()), format!("файл {file} не является XML-схемой (корень не xs:schema)"))
        }
        CompileError::Unresolved { file, line, kind, name } => (
            ErrorCode::SchemaUnresolved,
            Some(file.clone()),
            format!("схема {file}, строка {line}: не найдено определение {kind} {name}"),
        ),
        CompileError::Regex { file, .. } | CompileError::ContentModel { file, .. } => {
            (ErrorCode::SchemaUnsupported, Some(file.clone()), format!("схема {file}: конструкция не поддерживается: {en}"))
        }
        CompileError::Malformed { file, line, message } => {
            (ErrorCode::SchemaInvalid, Some(file.clone()), format!("схема {file}, строка {line}: {message}"))
        }
        CompileError::NoForms => {
            (ErrorCode::SchemaNoForms, None, "в выбранных схемах нет ни одного глобального элемента (формы)".to_string())
        }
        #[allow(unreachable_patterns)]
        _ => (ErrorCode::SchemaInvalid, None, format!("ошибка в схемах: {en}")),
    };
    let err = WasmError::new(code, ru, en);
    match file {
        Some(f) => err.with_file(f),
        None => err,
    }
}
