//! A single compiled XPath expression (for tools, tests and fuzzing).

use std::cell::Cell;

use crate::ast::Expr;
use crate::document::{Document, NodeId};
use crate::error::{EvalError, XPathError};
pub use crate::eval::NODE_BUDGET;
use crate::eval::{Ctx, Focus};
use crate::parser::{parse, NameTable};
use crate::rules::Env;
use crate::value::Value;

/// A compiled XPath 1.0 expression (with the FNS `usch:` functions).
#[derive(Debug, Clone)]
pub struct XPath {
    expr: Expr,
    names: NameTable,
}

impl XPath {
    /// Compiles `src`; never panics, malformed input gives an error.
    pub fn compile(src: &str) -> Result<XPath, XPathError> {
        let mut names = NameTable::default();
        let expr = parse(src, &mut names)?;
        Ok(XPath { expr, names })
    }

    /// The syntax tree.
    pub fn ast(&self) -> &Expr {
        &self.expr
    }

    /// Evaluates at `context` (position 1 of 1).
    pub fn evaluate(&self, doc: &Document, context: NodeId, env: &Env) -> Result<Value, EvalError> {
        self.evaluate_with_budget(doc, context, env, NODE_BUDGET)
    }

    /// Like [`XPath::evaluate`] with an explicit node-visit budget
    /// (default [`NODE_BUDGET`]); exceeding it gives [`EvalError::Budget`].
    pub fn evaluate_with_budget(
        &self,
        doc: &Document,
        context: NodeId,
        env: &Env,
        budget: u64,
    ) -> Result<Value, EvalError> {
        let map: Vec<Option<u32>> = self.names.names().iter().map(|n| doc.name_id(n)).collect();
        let file = env.report_name();
        let ctx = Ctx { doc, names: &map, file_name: file.as_deref(), budget: Cell::new(budget) };
        ctx.eval(&self.expr, Focus::on(context))
    }

    /// Evaluates and converts to boolean (as `sch:assert/@test` does).
    pub fn evaluate_bool(&self, doc: &Document, context: NodeId, env: &Env) -> Result<bool, EvalError> {
        let map: Vec<Option<u32>> = self.names.names().iter().map(|n| doc.name_id(n)).collect();
        let file = env.report_name();
        let ctx = Ctx { doc, names: &map, file_name: file.as_deref(), budget: Cell::new(NODE_BUDGET) };
        ctx.run_test(&crate::test_program::TestProgram::compile(&self.expr), Focus::on(context))
    }

    /// Evaluates and converts to string (as `usch:value-of` does).
    pub fn evaluate_string(&self, doc: &Document, context: NodeId, env: &Env) -> Result<String, EvalError> {
        Ok(self.evaluate(doc, context, env)?.to_str(doc))
    }
}
