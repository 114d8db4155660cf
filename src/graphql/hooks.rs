//! The one async-graphql extension the schema installs, which drives, for every request over
//! HTTP and WebSocket alike, the document limits and answer size cap (`super::limits`), the
//! corrections to the specification (`super::conformance`) and null propagation
//! (`super::nulls`).
//!
//! Why one: async-graphql runs every field through every installed extension's `resolve`, each
//! layer a boxed future of its own, whether the extension does anything there or not. With the
//! three as separate extensions, that cost as much as a tenth of the CPU of a page of 100
//! agreements; here each field passes one layer.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextPrepareRequest, NextResolve,
    NextValidation, ResolveInfo,
};
use async_graphql::{Request, Response, ServerError, ServerResult, ValidationResult, Value};

use super::conformance::RequestConformance;
use super::cost::Shape;
use super::limits::{Limits, RequestLimits};
use super::nulls::Tracker;

/// Installs the hooks on every request: one `RequestHooks` each.
pub struct Hooks {
    shape: Arc<Shape>,
    limits: Limits,
}

impl Hooks {
    /// The hooks over the schema `shape` describes, holding every request to `limits`.
    pub fn new(shape: Arc<Shape>, limits: Limits) -> Self {
        Self { shape, limits }
    }
}

impl ExtensionFactory for Hooks {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RequestHooks {
            limits: RequestLimits::new(Arc::clone(&self.shape), self.limits),
            conformance: RequestConformance::new(Arc::clone(&self.shape)),
            nulls: Tracker::default(),
        })
    }
}

/// One request's state of each part.
struct RequestHooks {
    limits: RequestLimits,
    conformance: RequestConformance,
    nulls: Tracker,
}

#[async_graphql::async_trait::async_trait]
impl Extension for RequestHooks {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        // The limits first, so that nothing else walks a document larger than they allow.
        let request = self.limits.prepare(request)?;
        let request = self.conformance.prepare(request)?;
        next.run(ctx, request).await
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await?;
        self.limits.validated(&result);
        Ok(result)
    }

    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        self.limits.before_field()?;
        if let Some(value) = RequestConformance::answer_instead(&info) {
            return Ok(Some(value));
        }
        let key = info.alias.unwrap_or(info.name);
        let (node, return_type) = (info.path_node, info.return_type);
        let resolved = next.run(ctx, info).await;
        self.nulls.resolved(node, return_type, resolved.is_err());
        self.limits.after_field(key, resolved)
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let mut response = next.run(ctx, operation_name).await;
        self.nulls.finish(&mut response);
        self.conformance.finish(&mut response);
        self.limits.finish(&mut response);
        response
    }
}
