// GENERATED FILE, DO NOT EDIT: run `npm run docs`.
// openapi-typescript types of the station API (gateway/openapi.json); a unit test checks it is current.
// The dashboard names the types it uses in dashboard/src/lib/api/types.ts.

export interface paths {
    "/api/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alerts, newest first (status=open: active or acknowledged, not cleared) */
        get: {
            parameters: {
                query?: {
                    status?: "open" | "active" | "acknowledged" | "cleared";
                    device?: string;
                    rule?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alerts: components["schemas"]["Alert"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/{id}/ack": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Acknowledge an alert (audited); it stays until its condition clears */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Alert"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which officer held which recorder when */
        get: {
            parameters: {
                query?: {
                    device?: string;
                    officer?: string;
                    /** @description Only devices still out */
                    open?: boolean;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assignments: components["schemas"]["Assignment"][];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Put a recorder in an officer’s hands (re-sorts its footage) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        deviceId: string;
                        officerId: string;
                        /**
                         * Format: date-time
                         * @description Default: now
                         */
                        startedAt?: string;
                        /**
                         * Format: date-time
                         * @description Omit while the device is out
                         */
                        endedAt?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Assignment"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/assignments/{id}/end": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End an assignment (check-in) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: date-time */
                        endedAt?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Assignment"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit trail (留痕), newest first */
        get: {
            parameters: {
                query?: {
                    case?: string;
                    actor?: string;
                    subjectType?: string;
                    subjectId?: string;
                    action?: string;
                    from?: string;
                    to?: string;
                    /** @description Entries with seq below this (paging) */
                    before?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entries: components["schemas"]["AuditEntry"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Re-hash the whole audit trail and check it against the signed checkpoints; report the first entry that does not verify */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The trail and every checkpoint verify */
                            ok: boolean;
                            checked: number;
                            headSeq: number;
                            headHash: string;
                            firstBad?: {
                                seq: number;
                                reason: string;
                            };
                            /** @description Signed by the station key: a trail re-hashed after an edit no longer matches them */
                            checkpoints: {
                                ok: boolean;
                                checked: number;
                                latest: {
                                    seq: number;
                                    ts: string;
                                } | null;
                                firstBad?: {
                                    id: number;
                                    seq: number;
                                    reason: string;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Enforcement cases with their coverage summary, newest first */
        get: {
            parameters: {
                query?: {
                    status?: "open" | "in_review" | "decided" | "closed";
                    kind?: "penalty" | "compulsion" | "inspection" | "reward";
                    unit?: string;
                    officer?: string;
                    /** @description Search number, title, party */
                    q?: string;
                    from?: string;
                    to?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            cases: components["schemas"]["Case"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a case, optionally with its steps */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Case number (案件编号), unique */
                        number: string;
                        kind: "penalty" | "compulsion" | "inspection" | "reward";
                        title: string;
                        party?: string | null;
                        unitId?: string | null;
                        /** @description Major decision (重大执法决定): goes to legal review */
                        major?: boolean;
                        steps?: {
                            kind: "on-site-inspection" | "random-inspection" | "investigation" | "evidence-preservation" | "service" | "compulsory-measure" | "hearing" | "other";
                            title?: string | null;
                            /** Format: date-time */
                            startsAt: string;
                            /**
                             * Format: date-time
                             * @description Omit while the act is still going on
                             */
                            endsAt?: string | null;
                            location?: string | null;
                            lat?: number | null;
                            lon?: number | null;
                            requirement?: "full-process" | "required" | "optional";
                            officers: string[];
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Case"] & {
                            steps: components["schemas"]["Step"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import cases and steps from CSV (one row per step; all or nothing)
         * @description Columns: case_number, case_kind, case_title, party, unit_id, major, step_kind, step_title, starts_at, ends_at, location, lat, lon, requirement, officers (badge numbers separated by ;). Chinese headers and kind names are accepted.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description CSV text */
            requestBody: {
                content: {
                    "text/csv": string;
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            cases: number;
                            steps: number;
                            ids: string[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A case with its steps and their coverage */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Case"] & {
                            steps: components["schemas"]["Step"][];
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Edit, close or put a legal hold on a case */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        title?: string;
                        party?: string | null;
                        unitId?: string | null;
                        major?: boolean;
                        status?: "open" | "in_review" | "decided" | "closed";
                        /** @description Legal hold: nothing linked is deleted while set */
                        hold?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Case"] & {
                            steps: components["schemas"]["Step"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/cases/{id}/coverage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Coverage of every step of a case, computed now from its linked footage */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            caseId: string;
                            passing: boolean;
                            steps: (components["schemas"]["StepCoverage"] & {
                                stepId: string;
                                requirement: string;
                            })[];
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every version of every document in the case file (卷内文件) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            documents: components["schemas"]["Document"][];
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Upload or scan in a document (the file is the body; PDF, image, audio, text, DOCX, OFD)
         * @description Send the file as the request body with its Content-Type. The station hashes and stores it; `supersedes` makes it the next version of an existing document (earlier versions stay).
         */
        post: {
            parameters: {
                query: {
                    kind: "filing-form" | "record" | "photo" | "audio" | "evidence" | "expert-opinion" | "advance-notice" | "hearing-record" | "situation-report" | "discretion-statement" | "draft-decision" | "review-opinion" | "discussion-minutes" | "decision" | "service-receipt" | "other";
                    title: string;
                    fileName: string;
                    stepId?: string;
                    supersedes?: string;
                    source?: "upload" | "scan";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Document"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/documents/index": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The case file index (卷内目录): every document version, numbered, in the agency’s order */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            index: {
                                no: number;
                                id: string;
                                documentKey: string;
                                version: number;
                                current: boolean;
                                kind: string;
                                title: string;
                                uploadedAt: string;
                                sha256: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Export the case file (案卷): linked footage, manifest with hashes and device chains, coverage report, audit excerpt */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default zip */
                        format: "zip" | "folder";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ExportJob"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/legal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Legal review of a case: classification, rounds, automatic checks, the decision gate and deadlines */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CaseLegal"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/legal/checks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The automatic checks a reviewer sees (coverage, stops, licences, deadline, materials, integrity) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checks: {
                                id: string;
                                title: string;
                                state: "pass" | "warn" | "fail";
                                detail: string;
                                lines: {
                                    code: "coverage.ok" | "coverage.pending" | "coverage.short" | "coverage.gap" | "stops.none" | "stops.count" | "stops.explained" | "stops.unexplained" | "certificates.none" | "certificates.ok" | "certificates.no-licence" | "certificates.no-expiry" | "certificates.expired" | "deadline.left" | "deadline.overdue" | "materials.not-major" | "materials.ok" | "materials.missing" | "integrity.none" | "integrity.ok" | "integrity.missing" | "integrity.size" | "integrity.unchained";
                                    params: {
                                        [key: string]: string | number | (never | null) | string[];
                                    };
                                }[];
                                links: {
                                    kind: "step" | "recording" | "document" | "officer" | "review-item";
                                    id: string;
                                    label: string;
                                }[];
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/legal/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** File the proposed decision (拟处理意见); the catalogue re-classifies the case */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        partyType: "person" | "organisation";
                        fineFen: number;
                        confiscationFen: number;
                        measures: ("revoke-licence" | "suspend-business" | "close-down" | "lower-qualification" | "restrict-practice")[];
                        hearing: "none" | "requested" | "held";
                        complex: boolean;
                        discretionDeparture: boolean;
                        summary: string;
                        /** @description Legal basis (法律依据) */
                        basis: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CaseLegal"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/legal/draft": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Generate the draft decision (决定书代拟稿, PDF) from the proposed decision and file it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Document"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/legal/submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Submit the case for legal review (a new round) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description 情况说明 in brief, or what changed since the last round */
                        note: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            caseId: string;
                            caseNumber: string;
                            caseTitle: string;
                            round: number;
                            state: "submitted" | "accepted" | "returned" | "approved" | "disagreed" | "withdrawn";
                            submittedBy: string;
                            /** Format: date-time */
                            submittedAt: string;
                            note: string;
                            /** Format: date-time */
                            acceptedAt: string | null;
                            reviewer: string | null;
                            outcome: ("agree" | "disagree" | "revise") | (never | null);
                            opinion: string | null;
                            /** Format: date-time */
                            opinionAt: string | null;
                            opinionNumber: string | null;
                            signed: boolean;
                            current: boolean;
                            voidReason: string | null;
                            voidChanges: ("draft" | "evidence" | "decision")[] | null;
                            content: {
                                draftDocumentId: string | null;
                                draftSha256: string | null;
                                evidenceSha256: string;
                                documents: {
                                    id: string;
                                    kind: string;
                                    title: string;
                                    sha256: string;
                                }[];
                                recordings: {
                                    id: string;
                                    sha256: string;
                                }[];
                                decision: {
                                    partyType: "person" | "organisation";
                                    fineFen: number;
                                    confiscationFen: number;
                                    measures: ("revoke-licence" | "suspend-business" | "close-down" | "lower-qualification" | "restrict-practice")[];
                                    hearing: "none" | "requested" | "held";
                                    complex: boolean;
                                    discretionDeparture: boolean;
                                    summary: string;
                                    /** @description Legal basis (法律依据) */
                                    basis: string;
                                };
                            };
                            diff: {
                                addedDocuments: string[];
                                removedDocuments: string[];
                                changedDocuments: string[];
                                decisionChanges: {
                                    field: string;
                                    before: unknown;
                                    after: unknown;
                                }[];
                            } | null;
                            deadline: {
                                code: "legal-review" | "decision" | "publication";
                                days: number;
                                unit: "working-day" | "calendar-day";
                                from: "acceptance" | "filing" | "decision";
                                label: string;
                                /** Format: date-time */
                                dueAt: string;
                                workingDaysLeft: number;
                                state: "ok" | "amber" | "red" | "breached";
                            } | null;
                            discussion: {
                                minutes: string;
                                outcome: "agree" | "disagree";
                                by: string;
                                /** Format: date-time */
                                at: string;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/publication": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make the publication draft of a decided case (made automatically when the case is decided) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Publication"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/steps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a step (执法环节); its footage is sorted at once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        kind: "on-site-inspection" | "random-inspection" | "investigation" | "evidence-preservation" | "service" | "compulsory-measure" | "hearing" | "other";
                        title?: string | null;
                        /** Format: date-time */
                        startsAt: string;
                        /**
                         * Format: date-time
                         * @description Omit while the act is still going on
                         */
                        endsAt?: string | null;
                        location?: string | null;
                        lat?: number | null;
                        lon?: number | null;
                        requirement?: "full-process" | "required" | "optional";
                        officers: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Step"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/cases/{id}/timeline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per step: window, linked footage and gaps (for the timeline under the player; audited as a view) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            caseId: string;
                            number: string;
                            steps: (components["schemas"]["Step"] & {
                                footage: {
                                    recordingId: string;
                                    deviceId: string;
                                    officerId: string | null;
                                    source: "live" | "device";
                                    /** Format: date-time */
                                    start: string;
                                    /** Format: date-time */
                                    end: string;
                                    origin: "auto" | "manual" | "excluded";
                                    linkedBy: string | null;
                                    reason: string | null;
                                    fileUrl: string;
                                }[];
                            })[];
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/coverage/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Coverage of finished steps rolled up per officer, unit or case, with the trend per period */
        get: {
            parameters: {
                query: {
                    groupBy: "officer" | "unit" | "case";
                    period: "day" | "week" | "month";
                    from?: string;
                    to?: string;
                    unit?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CoverageReport"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/desk/check-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Take a recorder back: the assignment ends; the answer says how much footage is still to offload */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        deviceId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assignment: components["schemas"]["Assignment"];
                            offload: {
                                pendingSegments: number | null;
                                pendingBytes: number | null;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/desk/hand-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hand a recorder to an officer: self-test, assignment, officer id pushed to the recorder */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        deviceId: string;
                        officerId: string;
                        /** @description Needed to hand out a recorder whose footage is not all offloaded */
                        overrideReason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assignment: components["schemas"]["Assignment"];
                            checks: {
                                name: "online" | "battery" | "storage" | "clock" | "camera" | "microphone";
                                ok: boolean;
                                value: number | boolean | (never | null);
                                /** @description What passes, in words */
                                need: string;
                            }[];
                            commandId: string;
                            override: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            checks: {
                                name: "online" | "battery" | "storage" | "clock" | "camera" | "microphone";
                                ok: boolean;
                                value: number | boolean | (never | null);
                                /** @description What passes, in words */
                                need: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** All recorders known to the station */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            devices: {
                                id: string;
                                profile: string;
                                online: boolean;
                                state: "standby" | "recording" | "offline";
                                officerId: string | null;
                                batteryPercent: number | null;
                                storageFreeBytes: number | null;
                                firmwareVersion: string | null;
                                /** Format: date-time */
                                lastSeen: string | null;
                                /** @description The station is receiving its live stream now */
                                live: boolean;
                                /** Format: date-time */
                                recordingSince: string | null;
                                /** @description Device minus station clock from its last sync, ms; null before the first sync */
                                clockOffsetMs: number | null;
                                /** @description The device clock is off by more than the allowed drift (2 s) */
                                clockDrift: boolean;
                                serial: string | null;
                                status: "in_service" | "in_repair" | "retired";
                                notes: string | null;
                                holder: {
                                    officerId: string;
                                    unitId: string | null;
                                    /** Format: date-time */
                                    since: string;
                                    assignmentId: string;
                                } | null;
                                /** @description The latest telemetry, null before the first */
                                telemetry: {
                                    /**
                                     * Format: date-time
                                     * @description When the station received it
                                     */
                                    at: string;
                                    charging: boolean;
                                    recordableSeconds: number | null;
                                    temperatureC: number | null;
                                    network: string | null;
                                    rssiDbm: number | null;
                                    position: {
                                        lat: number;
                                        lon: number;
                                        accuracyM: number | null;
                                        fixAt: string;
                                    } | null;
                                    selfTest: {
                                        camera: boolean;
                                        microphone: boolean;
                                    };
                                    offloadPendingSegments: number;
                                    offloadPendingBytes: number;
                                } | null;
                                /** @description Alerts active or acknowledged but not cleared */
                                activeAlerts: number;
                                /** @description Enrolled with a one-time code: its key and credentials were issued by the station */
                                enrolled: boolean;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a recorder to the inventory (then issue its enrollment code) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        profile: string;
                        serial?: string;
                        notes?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Device"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One recorder */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            profile: string;
                            online: boolean;
                            state: "standby" | "recording" | "offline";
                            officerId: string | null;
                            batteryPercent: number | null;
                            storageFreeBytes: number | null;
                            firmwareVersion: string | null;
                            /** Format: date-time */
                            lastSeen: string | null;
                            /** @description The station is receiving its live stream now */
                            live: boolean;
                            /** Format: date-time */
                            recordingSince: string | null;
                            /** @description Device minus station clock from its last sync, ms; null before the first sync */
                            clockOffsetMs: number | null;
                            /** @description The device clock is off by more than the allowed drift (2 s) */
                            clockDrift: boolean;
                            serial: string | null;
                            status: "in_service" | "in_repair" | "retired";
                            notes: string | null;
                            holder: {
                                officerId: string;
                                unitId: string | null;
                                /** Format: date-time */
                                since: string;
                                assignmentId: string;
                            } | null;
                            /** @description The latest telemetry, null before the first */
                            telemetry: {
                                /**
                                 * Format: date-time
                                 * @description When the station received it
                                 */
                                at: string;
                                charging: boolean;
                                recordableSeconds: number | null;
                                temperatureC: number | null;
                                network: string | null;
                                rssiDbm: number | null;
                                position: {
                                    lat: number;
                                    lon: number;
                                    accuracyM: number | null;
                                    fixAt: string;
                                } | null;
                                selfTest: {
                                    camera: boolean;
                                    microphone: boolean;
                                };
                                offloadPendingSegments: number;
                                offloadPendingBytes: number;
                            } | null;
                            /** @description Alerts active or acknowledged but not cleared */
                            activeAlerts: number;
                            /** @description Enrolled with a one-time code: its key and credentials were issued by the station */
                            enrolled: boolean;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Edit a recorder’s inventory record */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        serial?: string | null;
                        notes?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Device"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/devices/{id}/chain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Which entries of the device's evidence chain the station holds, and the gaps
         * @description From the chain files of its stored segments, its discards and its quarantined copies: first and last seq, gaps as seq ranges (from 0), entries that do not link to the one before, seq held twice.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deviceId: string;
                            firstSeq: number | null;
                            lastSeq: number | null;
                            /** @description Distinct seq the station holds */
                            entries: number;
                            /** @description No gap from seq 0 to the last seq held, and every link holds */
                            complete: boolean;
                            gaps: {
                                from: number;
                                to: number;
                                count: number;
                                /** @description The chain file before the gap */
                                after: string | null;
                                /** @description The chain file after the gap */
                                before: string | null;
                            }[];
                            brokenLinks: {
                                seq: number;
                                file: string;
                            }[];
                            overlaps: {
                                from: number;
                                to: number;
                                files: string[];
                            }[];
                            head: {
                                seq: number;
                                hash: string;
                            } | null;
                            files: {
                                segments: number;
                                discards: number;
                                quarantined: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/{id}/commands": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Press the record button of a simulated recorder, or start or stop its recording
         * @description Sent to the device on its MQTT set topic; the device answers with a new state. A stop (or a press that would stop a recording) while the recorder's officer is on an open full-process step needs a reason: without one the answer is 400 with code stop-reason-required and the step in details; with one the device gets a stop carrying the reason (a press would wait for the confirming second press on the recorder). Every command is kept in the audit trail, with its reason.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        action: "press" | "start" | "stop" | "set-officer";
                        /** @description Why the recording is stopped (kept in the audit trail and sent to the recorder) */
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commandId: string;
                            /** @description What was sent */
                            action: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["StopReasonRequiredError"] | components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/{id}/discards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Segments the recorder discarded by policy (pre-record buffer), with their signed reasons */
        get: {
            parameters: {
                query?: {
                    /** @description Device clock */
                    from?: string;
                    to?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                deviceId: string;
                                segment: string;
                                /** @description The signed reason of the discard */
                                reason: string;
                                /** @description Discarded span, device clock */
                                start: string;
                                end: string;
                                /** @description The same on the station clock (device time − clockOffsetMs) */
                                stationStart: string;
                                stationEnd: string;
                                clockOffsetMs: number | null;
                                officerId: string | null;
                                firstSeq: number;
                                lastSeq: number;
                                entries: number;
                                /** Format: date-time */
                                receivedAt: string;
                                /** @description A recording of the device the discarded span overlaps (a discard-overlap review item) */
                                overlapsRecording: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/{id}/discards/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * The evidence chain of a segment the recorder discarded by policy (its footage is gone)
         * @description Checked against the enrolled key (every signature, this device and segment, seq order and links, ending in a whole-file discard with a reason) and kept where the segment would have been. The same text again: 200, stored false. Another text for a name the station holds: 409, never replaced.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The chain file (JSON lines) */
                        chain: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description false: the station already held this very chain */
                            stored: boolean;
                            segment: string;
                            reason: string;
                            /** @description Discarded span, device clock */
                            start: string;
                            end: string;
                            firstSeq: number;
                            lastSeq: number;
                            /** @description A recording the discarded span overlaps: opened a review item */
                            overlapsRecording: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/{id}/enrollment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a one-time enrollment code for a recorder (shown once) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deviceId: string;
                            code: string;
                            expiresAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/{id}/key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Register the device's evidence key (Ed25519 public key, SPKI PEM); the first registration stands */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        publicKeyPem: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            fingerprint: string;
                            status: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/{id}/self-test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The pre-use self-test from the recorder’s latest telemetry */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ok: boolean;
                            checks: {
                                name: "online" | "battery" | "storage" | "clock" | "camera" | "microphone";
                                ok: boolean;
                                value: number | boolean | (never | null);
                                /** @description What passes, in words */
                                need: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/{id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a recorder to repair, back into service, or retire it (in the ledger) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        status: "in_service" | "in_repair" | "retired";
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Device"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/{id}/telemetry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Telemetry history of a recorder, averaged into buckets */
        get: {
            parameters: {
                query?: {
                    /** @description Default: 24 h ago */
                    from?: string;
                    /** @description Default: now */
                    to?: string;
                    /** @description Comma-separated; default battery,storage,temperature */
                    series?: string;
                    /** @description Seconds per point */
                    bucket?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deviceId: string;
                            store: "influx" | "embedded";
                            from: string;
                            to: string;
                            series: {
                                [key: string]: {
                                    t: string;
                                    values: {
                                        [key: string]: number | null;
                                    };
                                }[];
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/{id}/uploads/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How much of a segment the station holds (where an upload resumes) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            offset: number;
                            complete: boolean;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Append bytes at the offset in the Upload-Offset header (body: application/offset+octet-stream) */
        patch: {
            parameters: {
                query?: never;
                header: {
                    "upload-offset": number;
                };
                path: {
                    id: string;
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            offset: number;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/devices/{id}/uploads/{name}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Verify an uploaded segment, store and index it, and acknowledge it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        bytes: number;
                        sha256: string;
                        /** Format: date-time */
                        startedAt: string;
                        /** Format: date-time */
                        endedAt: string;
                        /** @description Officer id: the badge number (警号) the station knows the officer by */
                        officerId: string | null;
                        recordingIds: string[];
                        /** @description Holds an important mark (重要标记) */
                        marked: boolean;
                        /** @description The segment evidence chain (JSON lines) */
                        chain?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            acknowledged: true;
                            recordingId: string;
                            sha256: string;
                            bytes: number;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Refused. With code chain-refused the answer is final for these bytes and this chain */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description `chain-refused`: kept in quarantine, do not retry; others: see the message */
                            code?: string;
                            /** @description The station kept the bytes and the chain in quarantine */
                            quarantined?: boolean;
                            /** @description Why the chain was refused (first bad fragment) */
                            reason?: string;
                            quarantineId?: string;
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/disclosure/pages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The version of each page in effect today (事前公开) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            pages: components["schemas"]["DisclosurePage"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/disclosure/pages/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The version of a page in effect today */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description e.g. subject, procedure-penalty, guide-complaint */
                    slug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DisclosurePage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        /** Publish a new version of a written page (subject, duties, basis, remedies, guide-<name>): frozen and signed */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description e.g. subject, procedure-penalty, guide-complaint */
                    slug: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        title?: string;
                        /** @description YYYY-MM-DD, China time */
                        effectiveFrom?: string;
                        content: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            page: components["schemas"]["DisclosurePage"];
                            /** @description False: the content was the latest version’s; no version added */
                            created: boolean;
                            omitted?: {
                                /** @description Active officers left out: no 执法证号 */
                                noLicence: number;
                                /** @description Active officers left out: licence expired */
                                licenceExpired: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            page: components["schemas"]["DisclosurePage"];
                            /** @description False: the content was the latest version’s; no version added */
                            created: boolean;
                            omitted?: {
                                /** @description Active officers left out: no 执法证号 */
                                noLicence: number;
                                /** @description Active officers left out: licence expired */
                                licenceExpired: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/disclosure/pages/{slug}/generate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish a new version of a generated page: officers (from the registry), procedure-<kind> (from its configured steps; steps replaces them), inspection-list */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description e.g. subject, procedure-penalty, guide-complaint */
                    slug: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        title?: string;
                        /** @description YYYY-MM-DD, China time */
                        effectiveFrom?: string;
                        steps?: {
                            kind: "on-site-inspection" | "random-inspection" | "investigation" | "evidence-preservation" | "service" | "compulsory-measure" | "hearing" | "other";
                            /** @description What the public reads for this step; default: the kind’s name */
                            title?: string;
                            requirement?: "full-process" | "required" | "optional";
                            /** @description The step happens only in some cases (see condition) */
                            optional?: boolean;
                            /** @description When it happens, e.g. 当事人要求听证的 */
                            condition?: string;
                            /** @description What happens in it */
                            note?: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            page: components["schemas"]["DisclosurePage"];
                            /** @description False: the content was the latest version’s; no version added */
                            created: boolean;
                            omitted?: {
                                /** @description Active officers left out: no 执法证号 */
                                noLicence: number;
                                /** @description Active officers left out: licence expired */
                                licenceExpired: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            page: components["schemas"]["DisclosurePage"];
                            /** @description False: the content was the latest version’s; no version added */
                            created: boolean;
                            omitted?: {
                                /** @description Active officers left out: no 执法证号 */
                                noLicence: number;
                                /** @description Active officers left out: licence expired */
                                licenceExpired: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/disclosure/pages/{slug}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every version of a page, newest first (scheduled ones too) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description e.g. subject, procedure-penalty, guide-complaint */
                    slug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            versions: components["schemas"]["DisclosurePage"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/disclosure/pages/{slug}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version of a page */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description e.g. subject, procedure-penalty, guide-complaint */
                    slug: string;
                    version: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DisclosurePage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/disclosure/procedures/{kind}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The flow chart of an enforcement kind from its configured steps (not published) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    kind: "penalty" | "compulsion" | "inspection" | "reward";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            caseKind: string;
                            caseKindLabel: string;
                            steps: {
                                kind: "on-site-inspection" | "random-inspection" | "investigation" | "evidence-preservation" | "service" | "compulsory-measure" | "hearing" | "other";
                                /** @description What the public reads for this step; default: the kind’s name */
                                title?: string;
                                requirement?: "full-process" | "required" | "optional";
                                /** @description The step happens only in some cases (see condition) */
                                optional?: boolean;
                                /** @description When it happens, e.g. 当事人要求听证的 */
                                condition?: string;
                                /** @description What happens in it */
                                note?: string;
                            }[];
                            nodes: unknown[];
                            edges: unknown[];
                            /** @description The flow chart, SVG */
                            svg: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/disclosure/procedures/{kind}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The flow chart other steps would give (not published, not kept) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    kind: "penalty" | "compulsion" | "inspection" | "reward";
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        steps: {
                            kind: "on-site-inspection" | "random-inspection" | "investigation" | "evidence-preservation" | "service" | "compulsory-measure" | "hearing" | "other";
                            /** @description What the public reads for this step; default: the kind’s name */
                            title?: string;
                            requirement?: "full-process" | "required" | "optional";
                            /** @description The step happens only in some cases (see condition) */
                            optional?: boolean;
                            /** @description When it happens, e.g. 当事人要求听证的 */
                            condition?: string;
                            /** @description What happens in it */
                            note?: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            caseKind: string;
                            caseKindLabel: string;
                            steps: {
                                kind: "on-site-inspection" | "random-inspection" | "investigation" | "evidence-preservation" | "service" | "compulsory-measure" | "hearing" | "other";
                                /** @description What the public reads for this step; default: the kind’s name */
                                title?: string;
                                requirement?: "full-process" | "required" | "optional";
                                /** @description The step happens only in some cases (see condition) */
                                optional?: boolean;
                                /** @description When it happens, e.g. 当事人要求听证的 */
                                condition?: string;
                                /** @description What happens in it */
                                note?: string;
                            }[];
                            nodes: unknown[];
                            edges: unknown[];
                            /** @description The flow chart, SVG */
                            svg: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{id}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The bytes of one document version (audited) */
        get: {
            parameters: {
                query?: {
                    inline?: boolean;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/enroll": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A recorder redeems its enrollment code on first boot and receives its credentials */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        publicKeyPem: string;
                        profile: string;
                        firmwareVersion: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deviceId: string;
                            mqtt: {
                                username: string;
                                password: string;
                            };
                            rtmp: {
                                secret: string;
                            };
                            stationTime: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live channel (text/event-stream): snapshot, device, recording, coverage, alert
         * @description Server-sent events; each event name is a key of LiveEvents and its data that key’s value
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description GET /api/events: each key is an event name, its value that event’s data */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": components["schemas"]["LiveEvents"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export jobs and their progress */
        get: {
            parameters: {
                query?: {
                    case?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            jobs: components["schemas"]["ExportJob"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/exports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One export job (poll for progress) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ExportJob"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Cancel a running export or remove a finished one */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/exports/{id}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The finished ZIP (audited) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Station health */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                            version: string;
                            protocolVersion: number;
                            uptimeSeconds: number;
                            mqtt: {
                                port: number;
                                clients: number;
                                rejectedMessages: number;
                            };
                            rtmp: {
                                port: number;
                                liveStreams: number;
                            };
                            devices: {
                                known: number;
                                online: number;
                            };
                            /** @description The disk holding the footage; full below 1 % or 1 GiB free */
                            storage: {
                                freeBytes: number;
                                totalBytes: number;
                                full: boolean;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inspections/assignments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One drawn party, its inspectors and result */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InspectionAssignment"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inspections/assignments/{id}/result": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record the result of an inspection and publish it (a random-inspection result, redacted, signed by the station) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Day of the inspection */
                        inspectedOn: string;
                        outcome: "no-problem" | "problem-rectified" | "case-filed" | "not-found" | "other";
                        /** @description 检查情况 */
                        findings: string;
                        /** @description 处理情况 */
                        handling?: string;
                        /** @description The case opened from it */
                        caseId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InspectionAssignment"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inspections/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The random-inspection list (随机抽查事项清单), in order */
        get: {
            parameters: {
                query?: {
                    /** @description Items taken off the list too */
                    all?: boolean;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["InspectionItem"][];
                        };
                    };
                };
            };
        };
        /** Set the whole list in order; items left out are taken off it (publish it with inspection-list) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        items: {
                            /** @description The item’s id in the list, e.g. SJ-001 */
                            id: string;
                            /** @description 检查项目 */
                            name: string;
                            /** @description 检查子项 */
                            subItem?: string;
                            /** @description 检查主体 (default: the agency) */
                            subject?: string;
                            /** @description 检查依据 */
                            basis?: string;
                            /** @description 检查方式 */
                            method?: string;
                            /** @description 检查内容 */
                            content?: string;
                            /** @description 备注 */
                            note?: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["InspectionItem"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inspections/plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Random draws, latest announced first */
        get: {
            parameters: {
                query?: {
                    state?: "draft" | "committed" | "drawn" | "cancelled";
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            plans: components["schemas"]["InspectionPlanSummary"][];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Plan a random draw (a draft: set its parties, roster and conflicts, then commit it) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The draw’s public id, e.g. 2025-Q3-食品-01 */
                        drawId: string;
                        /** @description What the draw is, as published */
                        title: string;
                        /** @description The item of the random-inspection list */
                        itemId: string;
                        /**
                         * Format: date-time
                         * @description Announced time of the draw
                         */
                        drawAt: string;
                        /** @description Parties to draw */
                        partyCount: number;
                        /** @description Inspectors drawn for each party */
                        inspectorsPerParty: number;
                        rules?: {
                            /** @description No inspector inspects a party in the region they cover */
                            excludeSameRegion?: boolean;
                            /** @description No inspector inspects a party their own unit supervises day to day (cross-inspection) */
                            excludeSupervisingUnit?: boolean;
                        };
                        /** @description A public random value known only after the commitment, mixed into the draw */
                        beaconSource?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InspectionPlan"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inspections/plans/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A draw: its lists, conflicts (with internal reasons), and its public records */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InspectionPlan"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a draft draw’s settings */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description What the draw is, as published */
                        title?: string;
                        /** @description The item of the random-inspection list */
                        itemId?: string;
                        /**
                         * Format: date-time
                         * @description Announced time of the draw
                         */
                        drawAt?: string;
                        /** @description Parties to draw */
                        partyCount?: number;
                        /** @description Inspectors drawn for each party */
                        inspectorsPerParty?: number;
                        rules?: {
                            /** @description No inspector inspects a party in the region they cover */
                            excludeSameRegion?: boolean;
                            /** @description No inspector inspects a party their own unit supervises day to day (cross-inspection) */
                            excludeSupervisingUnit?: boolean;
                        };
                        /** @description A public random value known only after the commitment, mixed into the draw */
                        beaconSource?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InspectionPlan"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/inspections/plans/{id}/assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The parties a draw drew, in order, with their inspectors and results */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assignments: components["schemas"]["InspectionAssignment"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inspections/plans/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Call a draw off with a public reason (a committed one publishes its seed with the notice) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InspectionPlan"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inspections/plans/{id}/commit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Commit the draw before its time: publish the record and the commitment (SHA-256 of the seed and inputs) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InspectionPlan"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inspections/plans/{id}/conflicts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the declared conflicts of interest (回避); the reasons are never published */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        conflicts: {
                            /** @description An officer of the roster */
                            officerId: string;
                            /** @description A party of the list */
                            partyId: string;
                            /** @description Why (kept internal: never published) */
                            reason: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InspectionPlan"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inspections/plans/{id}/draw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run the committed draw at its time and publish it with the seed; each drawn party gets its inspectors */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The announced value of the beacon source */
                        beacon?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InspectionPlan"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inspections/plans/{id}/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The public files of a draw (commitment, draw, cancellation, each with its .sig) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            files: string[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inspections/plans/{id}/files/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One public file of a draw, byte for byte as signed (node verify-draw.mjs <name>.draw.json) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inspections/plans/{id}/parties": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the list of parties that may be drawn (检查对象名录) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        parties: {
                            /** @description Stable id, e.g. the unified social credit code (统一社会信用代码) */
                            id: string;
                            /** @description The party’s name as published */
                            name?: string;
                            /** @description Region or grid (区域/网格) the party is in; read by rules.excludeSameRegion */
                            region?: string;
                            /** @description Unit in charge of its routine supervision (日常监管单位); read by rules.excludeSupervisingUnit */
                            supervisingUnit?: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InspectionPlan"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inspections/plans/{id}/roster": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the roster of inspectors (执法检查人员名录) from the officer registry */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        inspectors: {
                            /** @description Badge number in the officer registry */
                            officerId: string;
                            /** @description Region or grid the inspector covers (read by rules.excludeSameRegion) */
                            region?: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InspectionPlan"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ledger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The ledger (台账): hand-outs, check-ins, repairs, overrides, enrollments */
        get: {
            parameters: {
                query?: {
                    device?: string;
                    officer?: string;
                    kind?: "enroll" | "hand-out" | "check-in" | "override" | "repair" | "repair-done" | "retire";
                    from?: string;
                    to?: string;
                    q?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entries: components["schemas"]["LedgerEntry"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ledger.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The ledger as CSV (UTF-8) */
        get: {
            parameters: {
                query?: {
                    device?: string;
                    officer?: string;
                    kind?: "enroll" | "hand-out" | "check-in" | "override" | "repair" | "repair-done" | "retire";
                    from?: string;
                    to?: string;
                    q?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ledger.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The ledger as an Excel workbook */
        get: {
            parameters: {
                query?: {
                    device?: string;
                    officer?: string;
                    kind?: "enroll" | "hand-out" | "check-in" | "override" | "repair" | "repair-done" | "retire";
                    from?: string;
                    to?: string;
                    q?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/legal-review/catalogue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The catalogue of major decisions in force (its YAML text and version) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            text: string;
                            sha256: string;
                            source: string;
                            agency: string;
                            version: string;
                            effectiveFrom: string;
                            rows: number;
                        };
                    };
                };
            };
        };
        /** Replace the catalogue (checked completely first; a file with any problem changes nothing) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        text: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            text: string;
                            sha256: string;
                            source: string;
                            agency: string;
                            version: string;
                            effectiveFrom: string;
                            rows: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/legal-reviewers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The registry of legal reviewers (qualification, certificate, signing key) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            reviewers: components["schemas"]["Reviewer"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/legal-reviewers/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Register a legal reviewer or update their record (an SM2 signing key is made at registration) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    username: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        qualificationNo?: string | null;
                        certificateNo?: string | null;
                        certificateExpires?: string | null;
                        active?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Reviewer"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/legal-reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The reviewers’ inbox: rounds waiting, under review, or disagreed awaiting discussion, with deadlines */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            reviews: {
                                id: string;
                                caseId: string;
                                caseNumber: string;
                                caseTitle: string;
                                round: number;
                                state: "submitted" | "accepted" | "returned" | "approved" | "disagreed" | "withdrawn";
                                submittedBy: string;
                                /** Format: date-time */
                                submittedAt: string;
                                note: string;
                                /** Format: date-time */
                                acceptedAt: string | null;
                                reviewer: string | null;
                                outcome: ("agree" | "disagree" | "revise") | (never | null);
                                opinion: string | null;
                                /** Format: date-time */
                                opinionAt: string | null;
                                opinionNumber: string | null;
                                signed: boolean;
                                current: boolean;
                                voidReason: string | null;
                                voidChanges: ("draft" | "evidence" | "decision")[] | null;
                                content: {
                                    draftDocumentId: string | null;
                                    draftSha256: string | null;
                                    evidenceSha256: string;
                                    documents: {
                                        id: string;
                                        kind: string;
                                        title: string;
                                        sha256: string;
                                    }[];
                                    recordings: {
                                        id: string;
                                        sha256: string;
                                    }[];
                                    decision: {
                                        partyType: "person" | "organisation";
                                        fineFen: number;
                                        confiscationFen: number;
                                        measures: ("revoke-licence" | "suspend-business" | "close-down" | "lower-qualification" | "restrict-practice")[];
                                        hearing: "none" | "requested" | "held";
                                        complex: boolean;
                                        discretionDeparture: boolean;
                                        summary: string;
                                        /** @description Legal basis (法律依据) */
                                        basis: string;
                                    };
                                };
                                diff: {
                                    addedDocuments: string[];
                                    removedDocuments: string[];
                                    changedDocuments: string[];
                                    decisionChanges: {
                                        field: string;
                                        before: unknown;
                                        after: unknown;
                                    }[];
                                } | null;
                                deadline: {
                                    code: "legal-review" | "decision" | "publication";
                                    days: number;
                                    unit: "working-day" | "calendar-day";
                                    from: "acceptance" | "filing" | "decision";
                                    label: string;
                                    /** Format: date-time */
                                    dueAt: string;
                                    workingDaysLeft: number;
                                    state: "ok" | "amber" | "red" | "breached";
                                } | null;
                                discussion: {
                                    minutes: string;
                                    outcome: "agree" | "disagree";
                                    by: string;
                                    /** Format: date-time */
                                    at: string;
                                } | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/legal-reviews/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One review round, with what changed since the previous round */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            caseId: string;
                            caseNumber: string;
                            caseTitle: string;
                            round: number;
                            state: "submitted" | "accepted" | "returned" | "approved" | "disagreed" | "withdrawn";
                            submittedBy: string;
                            /** Format: date-time */
                            submittedAt: string;
                            note: string;
                            /** Format: date-time */
                            acceptedAt: string | null;
                            reviewer: string | null;
                            outcome: ("agree" | "disagree" | "revise") | (never | null);
                            opinion: string | null;
                            /** Format: date-time */
                            opinionAt: string | null;
                            opinionNumber: string | null;
                            signed: boolean;
                            current: boolean;
                            voidReason: string | null;
                            voidChanges: ("draft" | "evidence" | "decision")[] | null;
                            content: {
                                draftDocumentId: string | null;
                                draftSha256: string | null;
                                evidenceSha256: string;
                                documents: {
                                    id: string;
                                    kind: string;
                                    title: string;
                                    sha256: string;
                                }[];
                                recordings: {
                                    id: string;
                                    sha256: string;
                                }[];
                                decision: {
                                    partyType: "person" | "organisation";
                                    fineFen: number;
                                    confiscationFen: number;
                                    measures: ("revoke-licence" | "suspend-business" | "close-down" | "lower-qualification" | "restrict-practice")[];
                                    hearing: "none" | "requested" | "held";
                                    complex: boolean;
                                    discretionDeparture: boolean;
                                    summary: string;
                                    /** @description Legal basis (法律依据) */
                                    basis: string;
                                };
                            };
                            diff: {
                                addedDocuments: string[];
                                removedDocuments: string[];
                                changedDocuments: string[];
                                decisionChanges: {
                                    field: string;
                                    before: unknown;
                                    after: unknown;
                                }[];
                            } | null;
                            deadline: {
                                code: "legal-review" | "decision" | "publication";
                                days: number;
                                unit: "working-day" | "calendar-day";
                                from: "acceptance" | "filing" | "decision";
                                label: string;
                                /** Format: date-time */
                                dueAt: string;
                                workingDaysLeft: number;
                                state: "ok" | "amber" | "red" | "breached";
                            } | null;
                            discussion: {
                                minutes: string;
                                outcome: "agree" | "disagree";
                                by: string;
                                /** Format: date-time */
                                at: string;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/legal-reviews/{id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept the round: materials complete, the review clock starts (reviewer) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            caseId: string;
                            caseNumber: string;
                            caseTitle: string;
                            round: number;
                            state: "submitted" | "accepted" | "returned" | "approved" | "disagreed" | "withdrawn";
                            submittedBy: string;
                            /** Format: date-time */
                            submittedAt: string;
                            note: string;
                            /** Format: date-time */
                            acceptedAt: string | null;
                            reviewer: string | null;
                            outcome: ("agree" | "disagree" | "revise") | (never | null);
                            opinion: string | null;
                            /** Format: date-time */
                            opinionAt: string | null;
                            opinionNumber: string | null;
                            signed: boolean;
                            current: boolean;
                            voidReason: string | null;
                            voidChanges: ("draft" | "evidence" | "decision")[] | null;
                            content: {
                                draftDocumentId: string | null;
                                draftSha256: string | null;
                                evidenceSha256: string;
                                documents: {
                                    id: string;
                                    kind: string;
                                    title: string;
                                    sha256: string;
                                }[];
                                recordings: {
                                    id: string;
                                    sha256: string;
                                }[];
                                decision: {
                                    partyType: "person" | "organisation";
                                    fineFen: number;
                                    confiscationFen: number;
                                    measures: ("revoke-licence" | "suspend-business" | "close-down" | "lower-qualification" | "restrict-practice")[];
                                    hearing: "none" | "requested" | "held";
                                    complex: boolean;
                                    discretionDeparture: boolean;
                                    summary: string;
                                    /** @description Legal basis (法律依据) */
                                    basis: string;
                                };
                            };
                            diff: {
                                addedDocuments: string[];
                                removedDocuments: string[];
                                changedDocuments: string[];
                                decisionChanges: {
                                    field: string;
                                    before: unknown;
                                    after: unknown;
                                }[];
                            } | null;
                            deadline: {
                                code: "legal-review" | "decision" | "publication";
                                days: number;
                                unit: "working-day" | "calendar-day";
                                from: "acceptance" | "filing" | "decision";
                                label: string;
                                /** Format: date-time */
                                dueAt: string;
                                workingDaysLeft: number;
                                state: "ok" | "amber" | "red" | "breached";
                            } | null;
                            discussion: {
                                minutes: string;
                                outcome: "agree" | "disagree";
                                by: string;
                                /** Format: date-time */
                                at: string;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/legal-reviews/{id}/discussion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Collective discussion after a disagreement (集体讨论): minutes and outcome */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        minutes: string;
                        outcome: "agree" | "disagree";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            caseId: string;
                            caseNumber: string;
                            caseTitle: string;
                            round: number;
                            state: "submitted" | "accepted" | "returned" | "approved" | "disagreed" | "withdrawn";
                            submittedBy: string;
                            /** Format: date-time */
                            submittedAt: string;
                            note: string;
                            /** Format: date-time */
                            acceptedAt: string | null;
                            reviewer: string | null;
                            outcome: ("agree" | "disagree" | "revise") | (never | null);
                            opinion: string | null;
                            /** Format: date-time */
                            opinionAt: string | null;
                            opinionNumber: string | null;
                            signed: boolean;
                            current: boolean;
                            voidReason: string | null;
                            voidChanges: ("draft" | "evidence" | "decision")[] | null;
                            content: {
                                draftDocumentId: string | null;
                                draftSha256: string | null;
                                evidenceSha256: string;
                                documents: {
                                    id: string;
                                    kind: string;
                                    title: string;
                                    sha256: string;
                                }[];
                                recordings: {
                                    id: string;
                                    sha256: string;
                                }[];
                                decision: {
                                    partyType: "person" | "organisation";
                                    fineFen: number;
                                    confiscationFen: number;
                                    measures: ("revoke-licence" | "suspend-business" | "close-down" | "lower-qualification" | "restrict-practice")[];
                                    hearing: "none" | "requested" | "held";
                                    complex: boolean;
                                    discretionDeparture: boolean;
                                    summary: string;
                                    /** @description Legal basis (法律依据) */
                                    basis: string;
                                };
                            };
                            diff: {
                                addedDocuments: string[];
                                removedDocuments: string[];
                                changedDocuments: string[];
                                decisionChanges: {
                                    field: string;
                                    before: unknown;
                                    after: unknown;
                                }[];
                            } | null;
                            deadline: {
                                code: "legal-review" | "decision" | "publication";
                                days: number;
                                unit: "working-day" | "calendar-day";
                                from: "acceptance" | "filing" | "decision";
                                label: string;
                                /** Format: date-time */
                                dueAt: string;
                                workingDaysLeft: number;
                                state: "ok" | "amber" | "red" | "breached";
                            } | null;
                            discussion: {
                                minutes: string;
                                outcome: "agree" | "disagree";
                                by: string;
                                /** Format: date-time */
                                at: string;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/legal-reviews/{id}/opinion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The reviewer’s opinion (同意 / 不同意 / 建议修改后提交): generated, filed and SM2-signed */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        outcome: "agree" | "disagree" | "revise";
                        opinion: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            caseId: string;
                            caseNumber: string;
                            caseTitle: string;
                            round: number;
                            state: "submitted" | "accepted" | "returned" | "approved" | "disagreed" | "withdrawn";
                            submittedBy: string;
                            /** Format: date-time */
                            submittedAt: string;
                            note: string;
                            /** Format: date-time */
                            acceptedAt: string | null;
                            reviewer: string | null;
                            outcome: ("agree" | "disagree" | "revise") | (never | null);
                            opinion: string | null;
                            /** Format: date-time */
                            opinionAt: string | null;
                            opinionNumber: string | null;
                            signed: boolean;
                            current: boolean;
                            voidReason: string | null;
                            voidChanges: ("draft" | "evidence" | "decision")[] | null;
                            content: {
                                draftDocumentId: string | null;
                                draftSha256: string | null;
                                evidenceSha256: string;
                                documents: {
                                    id: string;
                                    kind: string;
                                    title: string;
                                    sha256: string;
                                }[];
                                recordings: {
                                    id: string;
                                    sha256: string;
                                }[];
                                decision: {
                                    partyType: "person" | "organisation";
                                    fineFen: number;
                                    confiscationFen: number;
                                    measures: ("revoke-licence" | "suspend-business" | "close-down" | "lower-qualification" | "restrict-practice")[];
                                    hearing: "none" | "requested" | "held";
                                    complex: boolean;
                                    discretionDeparture: boolean;
                                    summary: string;
                                    /** @description Legal basis (法律依据) */
                                    basis: string;
                                };
                            };
                            diff: {
                                addedDocuments: string[];
                                removedDocuments: string[];
                                changedDocuments: string[];
                                decisionChanges: {
                                    field: string;
                                    before: unknown;
                                    after: unknown;
                                }[];
                            } | null;
                            deadline: {
                                code: "legal-review" | "decision" | "publication";
                                days: number;
                                unit: "working-day" | "calendar-day";
                                from: "acceptance" | "filing" | "decision";
                                label: string;
                                /** Format: date-time */
                                dueAt: string;
                                workingDaysLeft: number;
                                state: "ok" | "amber" | "red" | "breached";
                            } | null;
                            discussion: {
                                minutes: string;
                                outcome: "agree" | "disagree";
                                by: string;
                                /** Format: date-time */
                                at: string;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/legal-reviews/{id}/signature": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The SM2/SM3 signature of the round’s opinion and the document (PDF) it signs
         * @description Check it offline: the record is verifiable with openssl (docs/evidence.md); its fingerprint must match the reviewer’s registered key.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            documentId: string;
                            record: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/legal-reviews/{id}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Withdraw a round still waiting for its opinion */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            caseId: string;
                            caseNumber: string;
                            caseTitle: string;
                            round: number;
                            state: "submitted" | "accepted" | "returned" | "approved" | "disagreed" | "withdrawn";
                            submittedBy: string;
                            /** Format: date-time */
                            submittedAt: string;
                            note: string;
                            /** Format: date-time */
                            acceptedAt: string | null;
                            reviewer: string | null;
                            outcome: ("agree" | "disagree" | "revise") | (never | null);
                            opinion: string | null;
                            /** Format: date-time */
                            opinionAt: string | null;
                            opinionNumber: string | null;
                            signed: boolean;
                            current: boolean;
                            voidReason: string | null;
                            voidChanges: ("draft" | "evidence" | "decision")[] | null;
                            content: {
                                draftDocumentId: string | null;
                                draftSha256: string | null;
                                evidenceSha256: string;
                                documents: {
                                    id: string;
                                    kind: string;
                                    title: string;
                                    sha256: string;
                                }[];
                                recordings: {
                                    id: string;
                                    sha256: string;
                                }[];
                                decision: {
                                    partyType: "person" | "organisation";
                                    fineFen: number;
                                    confiscationFen: number;
                                    measures: ("revoke-licence" | "suspend-business" | "close-down" | "lower-qualification" | "restrict-practice")[];
                                    hearing: "none" | "requested" | "held";
                                    complex: boolean;
                                    discretionDeparture: boolean;
                                    summary: string;
                                    /** @description Legal basis (法律依据) */
                                    basis: string;
                                };
                            };
                            diff: {
                                addedDocuments: string[];
                                removedDocuments: string[];
                                changedDocuments: string[];
                                decisionChanges: {
                                    field: string;
                                    before: unknown;
                                    after: unknown;
                                }[];
                            } | null;
                            deadline: {
                                code: "legal-review" | "decision" | "publication";
                                days: number;
                                unit: "working-day" | "calendar-day";
                                from: "acceptance" | "filing" | "decision";
                                label: string;
                                /** Format: date-time */
                                dueAt: string;
                                workingDaysLeft: number;
                                state: "ok" | "amber" | "red" | "breached";
                            } | null;
                            discussion: {
                                minutes: string;
                                outcome: "agree" | "disagree";
                                by: string;
                                /** Format: date-time */
                                at: string;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/officers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Officers (badge number = the officer id recorders report) */
        get: {
            parameters: {
                query?: {
                    unit?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            officers: components["schemas"]["Officer"][];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create or update an officer */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        licenceNo?: string | null;
                        /** @description Last day the licence is valid (YYYY-MM-DD) */
                        licenceExpires?: string | null;
                        unitId?: string | null;
                        /** @default officer */
                        role?: string;
                        active?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Officer"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/playback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Plan of a device’s footage over a span: pieces in the stitched media and the gaps */
        get: {
            parameters: {
                query: {
                    device: string;
                    from: string;
                    to: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deviceId: string;
                            from: string;
                            to: string;
                            pieces: {
                                recordingId: string;
                                source: string;
                                wallStart: string;
                                wallEnd: string;
                                /** @description Seconds into the stitched media */
                                mediaStart: number;
                                mediaEnd: number;
                            }[];
                            gaps: {
                                start: string;
                                end: string;
                                seconds: number;
                            }[];
                            mediaUrl: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/playback/media.mp4": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The footage over a span as one MP4, stitched from its segments without re-encoding (audited as play) */
        get: {
            parameters: {
                query: {
                    device: string;
                    from: string;
                    to: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/positions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Last known position of every recorder (from live telemetry), for the supervision map */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            positions: {
                                deviceId: string;
                                officerId: string | null;
                                unitId: string | null;
                                state: string;
                                lat: number;
                                lon: number;
                                accuracyM: number | null;
                                fixAt: string;
                                activeAlerts: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/publications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Publication drafts and published results, with their working-day deadlines */
        get: {
            parameters: {
                query?: {
                    state?: "draft" | "published" | "withdrawn" | "expired";
                    /** @description Only this case’s publications */
                    caseId?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            publications: components["schemas"]["Publication"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/publications/breaches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Breach report: drafts past their deadline and results published late (超期公示) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            publications: components["schemas"]["Publication"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/publications/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One publication: original (internal only), redacted text, findings, deadline */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Publication"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Correct a draft: the facts (redacted again) or the redacted wording (checked again) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        original?: {
                            /** @description 决定书文号 */
                            decisionNumber?: string;
                            /** @description 当事人 (as the masking policy allows) */
                            party?: string;
                            /** @description 主要违法事实 */
                            violation?: string;
                            /** @description 处罚依据 */
                            basis?: string;
                            /** @description 处罚结果 */
                            outcome?: string;
                            /** @description 作出决定的机关 */
                            agency?: string;
                            /** @description 决定日期 */
                            decisionDate?: string;
                        };
                        redacted?: {
                            /** @description 决定书文号 */
                            decisionNumber?: string;
                            /** @description 当事人 (as the masking policy allows) */
                            party?: string;
                            /** @description 主要违法事实 */
                            violation?: string;
                            /** @description 处罚依据 */
                            basis?: string;
                            /** @description 处罚结果 */
                            outcome?: string;
                            /** @description 作出决定的机关 */
                            agency?: string;
                            /** @description 决定日期 */
                            decisionDate?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Publication"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/publications/{id}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign off the redacted text and publish it (signed by the station key) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Publication"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/publications/{id}/videos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The videos proposed for a publication, with their state, face tracks and edits */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            videos: components["schemas"]["VideoReleaseView"][];
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Propose a clip: a span (ms from the start) of a segment of the case; the station cuts it and finds faces in the background */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        recordingId: string;
                        /** @description milliseconds */
                        startMs: number;
                        /** @description milliseconds */
                        endMs: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VideoReleaseView"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/publications/{id}/videos/footage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The case's footage a clip may be cut from (segments linked to its steps) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            footage: components["schemas"]["VideoCaseFootage"][];
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/publications/{id}/videos/{videoId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One video: progress, face tracks, edits, the rendered copy */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    videoId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VideoReleaseView"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Correct the redaction: rejected face regions (a dropped track rejects all of its), manual regions, muted spans; each list replaced whole */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    videoId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        rejected?: string[];
                        manualRegions?: {
                            /** @description milliseconds */
                            startMs: number;
                            /** @description milliseconds */
                            endMs: number;
                            /** @description pixels of the clip */
                            x: number;
                            /** @description pixels of the clip */
                            y: number;
                            /** @description pixels of the clip */
                            w: number;
                            /** @description pixels of the clip */
                            h: number;
                        }[];
                        mutedSpans?: {
                            /** @description milliseconds */
                            startMs: number;
                            /** @description milliseconds */
                            endMs: number;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VideoReleaseView"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/publications/{id}/videos/{videoId}/file": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The rendered copy (MP4, ranges), to check before sign-off; its SHA-256 in X-Content-SHA256 */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    videoId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/publications/{id}/videos/{videoId}/frame": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A preview frame (JPEG) of the unredacted working copy, for reviewing the face tracks */
        get: {
            parameters: {
                query: {
                    /** @description milliseconds */
                    atMs: number;
                };
                header?: never;
                path: {
                    id: string;
                    videoId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/publications/{id}/videos/{videoId}/manifest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The rendered copy's manifest: its SHA-256, the sealed sources' hashes and the edit list */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    videoId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/publications/{id}/videos/{videoId}/render": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Render the released copy (blurred, muted) with its manifest, in the background */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    videoId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VideoReleaseView"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/publications/{id}/videos/{videoId}/sign-off": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign off the rendered copy: released on the portal while the publication is published */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    videoId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VideoReleaseView"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/publications/{id}/videos/{videoId}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Take one released video down alone (撤下), with a public reason (redacted): the portal answers 410 with it, and the released copy is deleted (its manifest and hashes stay) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    videoId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Published with the take-down, redacted */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VideoReleaseView"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/publications/{id}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Withdraw a published result with a public reason (revoked, confirmed illegal, changed) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        kind: "revoked" | "confirmed-illegal" | "changed" | "void" | "other";
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Publication"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/publicity/annual-report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Annual statistics report (统计年报): cases by kind, outcome and unit, recording, legal review, publicity */
        get: {
            parameters: {
                query?: {
                    /** @description Default: last year */
                    year?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AnnualReport"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/publicity/annual-report.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The annual statistics report as CSV */
        get: {
            parameters: {
                query?: {
                    /** @description Default: last year */
                    year?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/quarantine": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recorder segments whose evidence chain the station refused, kept as uploaded for review */
        get: {
            parameters: {
                query?: {
                    device?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                deviceId: string;
                                /** @description The segment file name the recorder gave it */
                                segment: string;
                                /** @description 1, or 2… for other bytes or another chain refused under the same name */
                                copy: number;
                                bytes: number;
                                sha256: string;
                                /** @description SHA-256 of the offered chain text */
                                chainSha256: string;
                                /** @description Why the station refused the chain */
                                reason: string;
                                officerId: string | null;
                                unitId: string | null;
                                startedAt: string | null;
                                endedAt: string | null;
                                /** Format: date-time */
                                receivedAt: string;
                                /** @description Where the bytes are kept, relative to the station data directory */
                                path: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/recordings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Footage files held at the station, newest first */
        get: {
            parameters: {
                query?: {
                    device?: string;
                    /** @description Only footage ending after this time */
                    from?: string;
                    /** @description Only footage starting before this time */
                    to?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            recordings: {
                                id: string;
                                deviceId: string;
                                officerId: string | null;
                                /** @description One live publish; its segments share it */
                                sessionId: string;
                                /** Format: date-time */
                                startedAt: string;
                                /** Format: date-time */
                                endedAt: string;
                                durationSeconds: number;
                                bytes: number;
                                /** @description SHA-256 of the file bytes, taken when the segment was closed */
                                sha256: string;
                                source: "live" | "device";
                                /** @description Indexed after a station crash rather than when it was closed */
                                recovered: boolean;
                                fileUrl: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/recordings/{id}/file": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The MP4 file (supports HTTP range requests); audited as play, or download with ?download=1 */
        get: {
            parameters: {
                query?: {
                    download?: boolean;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/retention": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The retention policy and what it would delete now (nothing is deleted) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            policy: {
                                unlinkedDays: number;
                                closedCaseYears: number;
                                sweepHours: number;
                            };
                            preview: {
                                recordings: number;
                                bytes: number;
                                unlinked: number;
                                caseClosed: number;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/retention/sweep": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run the retention sweep now: deletes only what policy allows, each deletion audited */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deleted: number;
                            bytes: number;
                            failed: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Review queues: unsorted footage, coverage gaps, important marks */
        get: {
            parameters: {
                query?: {
                    kind?: "unsorted" | "coverage-gap" | "marked" | "legal-review" | "interruption" | "quarantine" | "discard-overlap";
                    state?: "open" | "in_review" | "done";
                    assignee?: string;
                    case?: string;
                    officer?: string;
                    unit?: string;
                    device?: string;
                    overdue?: boolean;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["ReviewItem"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reviews/counts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Items per queue and state, and how many are overdue (of the items the caller may see) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            counts: {
                                [key: string]: {
                                    open: number;
                                    in_review: number;
                                    done: number;
                                    overdue: number;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reviews/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One review item */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ReviewItem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reviews/{id}/assign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Take up an item or hand it to someone (null: back to the queue) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        assignee: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ReviewItem"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reviews/{id}/decide": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A supervisor accepts or rejects an explanation, or marks an item done */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        decision: "accepted" | "rejected" | "done";
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ReviewItem"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reviews/{id}/explain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The officer explains a coverage gap */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: "device-failure" | "party-refused" | "battery" | "storage-full" | "safety" | "network" | "other";
                        explanation: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ReviewItem"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reviews/{id}/link": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sort unsorted footage by hand: link it to a step, with a reason */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        stepId: string;
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            linked: number;
                            item: components["schemas"]["ReviewItem"];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is signed in */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            kind: "user" | "token";
                            user: {
                                id: string;
                                username: string;
                                displayName: string;
                                role: "officer" | "equipment-manager" | "supervisor" | "legal-reviewer" | "auditor" | "admin";
                                officerId: string | null;
                                unitId: string | null;
                                disabled: boolean;
                                lockedUntil: string | null;
                                demo: boolean;
                                createdAt: string;
                                passwordChangedAt: string;
                                lastLoginAt: string | null;
                            };
                            /** @description Send as X-CSRF-Token with every POST/PUT/PATCH/DELETE made with the session cookie */
                            csrfToken: string | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Sign in */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        username: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                id: string;
                                username: string;
                                displayName: string;
                                role: "officer" | "equipment-manager" | "supervisor" | "legal-reviewer" | "auditor" | "admin";
                                officerId: string | null;
                                unitId: string | null;
                                disabled: boolean;
                                lockedUntil: string | null;
                                demo: boolean;
                                createdAt: string;
                                passwordChangedAt: string;
                                lastLoginAt: string | null;
                            };
                            csrfToken: string;
                            expiresAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        /** Sign out */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change your own password (other browsers signed in as you are signed out) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currentPassword: string;
                        newPassword: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sorting/full": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-sort all footage from scratch (repair; manual links and exclusions are kept) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            segments: number;
                            steps: number;
                            assignments: number;
                            links: number;
                            loadMs: number;
                            matchMs: number;
                            writeMs: number;
                            derivedMs: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/station/key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The station's public signing key (export manifests, audit checkpoints) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            algorithm: "Ed25519";
                            /** @description SPKI PEM; save it and pass it to liuhen-verify --station-pubkey */
                            publicKeyPem: string;
                            /** @description SHA-256 of the DER SPKI public key, hex */
                            fingerprint: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/steps/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a step and its links */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Edit a step; its footage is re-sorted */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        kind?: "on-site-inspection" | "random-inspection" | "investigation" | "evidence-preservation" | "service" | "compulsory-measure" | "hearing" | "other";
                        title?: string | null;
                        /** Format: date-time */
                        startsAt?: string;
                        /**
                         * Format: date-time
                         * @description Omit while the act is still going on
                         */
                        endsAt?: string | null;
                        location?: string | null;
                        lat?: number | null;
                        lon?: number | null;
                        requirement?: "full-process" | "required" | "optional";
                        officers?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Step"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/steps/{id}/links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Footage linked to a step, including links a reviewer removed */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            links: {
                                recordingId: string;
                                deviceId: string;
                                officerId: string | null;
                                source: "live" | "device";
                                /** Format: date-time */
                                start: string;
                                /** Format: date-time */
                                end: string;
                                origin: "auto" | "manual" | "excluded";
                                linkedBy: string | null;
                                reason: string | null;
                                fileUrl: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Link footage to a step by hand, with a reason (audited) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        recordingIds: string[];
                        /** @description Why (kept in the audit trail) */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            linked: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/steps/{id}/unlink": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Remove a link, with a reason (audited; the sorter will not add it back) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        recordingId: string;
                        /** @description Why (kept in the audit trail) */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** API tokens (never the secret) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            role: "officer" | "equipment-manager" | "supervisor" | "legal-reviewer" | "auditor" | "admin";
                            officerId: string | null;
                            unitId: string | null;
                            createdBy: string;
                            createdAt: string;
                            expiresAt: string | null;
                            revokedAt: string | null;
                            lastUsedAt: string | null;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an API token for another system; the token is shown once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        role: "officer" | "equipment-manager" | "supervisor" | "legal-reviewer" | "auditor" | "admin";
                        /** @description Officer id: the badge number (警号) the station knows the officer by */
                        officerId?: string | null;
                        unitId?: string | null;
                        /** Format: date-time */
                        expiresAt?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Authorization: Bearer <token> */
                            token: string;
                            info: {
                                id: string;
                                name: string;
                                role: "officer" | "equipment-manager" | "supervisor" | "legal-reviewer" | "auditor" | "admin";
                                officerId: string | null;
                                unitId: string | null;
                                createdBy: string;
                                createdAt: string;
                                expiresAt: string | null;
                                revokedAt: string | null;
                                lastUsedAt: string | null;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API token */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            role: "officer" | "equipment-manager" | "supervisor" | "legal-reviewer" | "auditor" | "admin";
                            officerId: string | null;
                            unitId: string | null;
                            createdBy: string;
                            createdAt: string;
                            expiresAt: string | null;
                            revokedAt: string | null;
                            lastUsedAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/units": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Enforcement units */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            units: components["schemas"]["Unit"][];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create or rename a unit */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        id: string;
                        name: string;
                        parentId?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Unit"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** User accounts */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            username: string;
                            displayName: string;
                            role: "officer" | "equipment-manager" | "supervisor" | "legal-reviewer" | "auditor" | "admin";
                            officerId: string | null;
                            unitId: string | null;
                            disabled: boolean;
                            lockedUntil: string | null;
                            demo: boolean;
                            createdAt: string;
                            passwordChangedAt: string;
                            lastLoginAt: string | null;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a user account */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        username: string;
                        displayName: string;
                        role: "officer" | "equipment-manager" | "supervisor" | "legal-reviewer" | "auditor" | "admin";
                        password: string;
                        /** @description Officer id: the badge number (警号) the station knows the officer by */
                        officerId?: string | null;
                        unitId?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            username: string;
                            displayName: string;
                            role: "officer" | "equipment-manager" | "supervisor" | "legal-reviewer" | "auditor" | "admin";
                            officerId: string | null;
                            unitId: string | null;
                            disabled: boolean;
                            lockedUntil: string | null;
                            demo: boolean;
                            createdAt: string;
                            passwordChangedAt: string;
                            lastLoginAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change, disable, unlock a user or reset their password */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        displayName?: string;
                        role?: "officer" | "equipment-manager" | "supervisor" | "legal-reviewer" | "auditor" | "admin";
                        /** @description Officer id: the badge number (警号) the station knows the officer by */
                        officerId?: string | null;
                        unitId?: string | null;
                        disabled?: boolean;
                        unlock?: boolean;
                        password?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            username: string;
                            displayName: string;
                            role: "officer" | "equipment-manager" | "supervisor" | "legal-reviewer" | "auditor" | "admin";
                            officerId: string | null;
                            unitId: string | null;
                            disabled: boolean;
                            lockedUntil: string | null;
                            demo: boolean;
                            createdAt: string;
                            passwordChangedAt: string;
                            lastLoginAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/live/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live video of a recorder as HTTP-FLV (/live/<deviceId>.flv) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    file: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            statusCode: number;
                            error: string;
                            message: string;
                            /** @description Stable machine-readable reason, where a client may act on it */
                            code?: string;
                            /** @description Facts behind the refusal */
                            details?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** Alert */
        Alert: {
            id: string;
            rule: string;
            deviceId: string;
            officerId: string | null;
            severity: "warning" | "critical";
            status: "active" | "acknowledged" | "cleared";
            message: string;
            detail: unknown;
            /** Format: date-time */
            since: string;
            /** Format: date-time */
            updatedAt: string;
            acknowledgedBy: string | null;
            acknowledgedAt: string | null;
            ackNote: string | null;
            clearedAt: string | null;
        };
        /** AnnualReport */
        AnnualReport: {
            year: number;
            /** Format: date-time */
            generatedAt: string;
            cases: {
                total: number;
                major: number;
                byKind: {
                    [key: string]: number;
                };
                byStatus: {
                    [key: string]: number;
                };
            };
            units: {
                unitId: string | null;
                unit: string;
                cases: number;
                decided: number;
            }[];
            recording: {
                requirement: string;
                steps: number;
                checked: number;
                passing: number;
                coveredShare: number | null;
            }[];
            legalReview: {
                rounds: number;
                byOutcome: {
                    [key: string]: number;
                };
            };
            publicity: {
                byState: {
                    [key: string]: number;
                };
                late: number;
            };
        };
        /** Assignment */
        Assignment: {
            id: string;
            deviceId: string;
            officerId: string;
            /** Format: date-time */
            startedAt: string;
            /** Format: date-time */
            endedAt: string | null;
            createdBy: string;
        };
        /** AuditEntry */
        AuditEntry: {
            seq: number;
            /** Format: date-time */
            ts: string;
            actor: string;
            action: string;
            subjectType: string;
            subjectId: string;
            caseId: string | null;
            detail: {
                [key: string]: unknown;
            };
            prevHash: string;
            /** @description SHA-256(prevHash + "\n" + canonical JSON of the entry) */
            hash: string;
        };
        /** Case */
        Case: {
            id: string;
            number: string;
            kind: "penalty" | "compulsion" | "inspection" | "reward";
            title: string;
            party: string | null;
            unitId: string | null;
            status: "open" | "in_review" | "decided" | "closed";
            major: boolean;
            hold: boolean;
            /** Format: date-time */
            closedAt: string | null;
            createdBy: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            summary?: {
                steps: number;
                passing: number;
                failing: number;
                /** @description Steps still going on */
                pending: number;
                windowSeconds: number;
                coveredSeconds: number;
            };
        };
        /** CaseLegal */
        CaseLegal: {
            caseId: string;
            decision: {
                partyType: "person" | "organisation";
                fineFen: number;
                confiscationFen: number;
                measures: ("revoke-licence" | "suspend-business" | "close-down" | "lower-qualification" | "restrict-practice")[];
                hearing: "none" | "requested" | "held";
                complex: boolean;
                discretionDeparture: boolean;
                summary: string;
                /** @description Legal basis (法律依据) */
                basis: string;
            } | null;
            classification: {
                catalogue: {
                    agency: string;
                    version: string;
                    sha256: string;
                };
                major: boolean;
                markedMajor: boolean;
                reasons: {
                    rowId: string;
                    title: string;
                    reason: string;
                }[];
                materials: {
                    key: string;
                    title: string;
                    present: boolean;
                    rows: string[];
                }[];
                missing: string[];
                focus: string[];
            };
            reviews: {
                id: string;
                caseId: string;
                caseNumber: string;
                caseTitle: string;
                round: number;
                state: "submitted" | "accepted" | "returned" | "approved" | "disagreed" | "withdrawn";
                submittedBy: string;
                /** Format: date-time */
                submittedAt: string;
                note: string;
                /** Format: date-time */
                acceptedAt: string | null;
                reviewer: string | null;
                outcome: ("agree" | "disagree" | "revise") | (never | null);
                opinion: string | null;
                /** Format: date-time */
                opinionAt: string | null;
                opinionNumber: string | null;
                signed: boolean;
                current: boolean;
                voidReason: string | null;
                voidChanges: ("draft" | "evidence" | "decision")[] | null;
                content: {
                    draftDocumentId: string | null;
                    draftSha256: string | null;
                    evidenceSha256: string;
                    documents: {
                        id: string;
                        kind: string;
                        title: string;
                        sha256: string;
                    }[];
                    recordings: {
                        id: string;
                        sha256: string;
                    }[];
                    decision: {
                        partyType: "person" | "organisation";
                        fineFen: number;
                        confiscationFen: number;
                        measures: ("revoke-licence" | "suspend-business" | "close-down" | "lower-qualification" | "restrict-practice")[];
                        hearing: "none" | "requested" | "held";
                        complex: boolean;
                        discretionDeparture: boolean;
                        summary: string;
                        /** @description Legal basis (法律依据) */
                        basis: string;
                    };
                };
                diff: {
                    addedDocuments: string[];
                    removedDocuments: string[];
                    changedDocuments: string[];
                    decisionChanges: {
                        field: string;
                        before: unknown;
                        after: unknown;
                    }[];
                } | null;
                deadline: {
                    code: "legal-review" | "decision" | "publication";
                    days: number;
                    unit: "working-day" | "calendar-day";
                    from: "acceptance" | "filing" | "decision";
                    label: string;
                    /** Format: date-time */
                    dueAt: string;
                    workingDaysLeft: number;
                    state: "ok" | "amber" | "red" | "breached";
                } | null;
                discussion: {
                    minutes: string;
                    outcome: "agree" | "disagree";
                    by: string;
                    /** Format: date-time */
                    at: string;
                } | null;
            }[];
            checks: {
                id: string;
                title: string;
                state: "pass" | "warn" | "fail";
                detail: string;
                lines: {
                    code: "coverage.ok" | "coverage.pending" | "coverage.short" | "coverage.gap" | "stops.none" | "stops.count" | "stops.explained" | "stops.unexplained" | "certificates.none" | "certificates.ok" | "certificates.no-licence" | "certificates.no-expiry" | "certificates.expired" | "deadline.left" | "deadline.overdue" | "materials.not-major" | "materials.ok" | "materials.missing" | "integrity.none" | "integrity.ok" | "integrity.missing" | "integrity.size" | "integrity.unchained";
                    params: {
                        [key: string]: string | number | (never | null) | string[];
                    };
                }[];
                links: {
                    kind: "step" | "recording" | "document" | "officer" | "review-item";
                    id: string;
                    label: string;
                }[];
            }[];
            gate: {
                major: boolean;
                allowed: boolean;
                reason: string;
                code: "not-major" | "not-submitted" | "round-pending" | "content-changed" | "approved";
                params: {
                    round?: number;
                    state?: "submitted" | "accepted" | "returned" | "approved" | "disagreed" | "withdrawn";
                    changes?: ("draft" | "evidence" | "decision")[];
                };
                approvalId: string | null;
            };
            decisionDeadline: {
                code: "legal-review" | "decision" | "publication";
                days: number;
                unit: "working-day" | "calendar-day";
                from: "acceptance" | "filing" | "decision";
                label: string;
                /** Format: date-time */
                dueAt: string;
                workingDaysLeft: number;
                state: "ok" | "amber" | "red" | "breached";
            };
        };
        /** CoverageReport */
        CoverageReport: {
            groupBy: "officer" | "unit" | "case";
            period: "day" | "week" | "month";
            rows: {
                key: string;
                label: string;
                /** @description Finished steps counted */
                steps: number;
                /** @description Steps whose coverage meets their requirement */
                passing: number;
                failing: number;
                /** @description Sum of the steps’ windows */
                windowSeconds: number;
                /** @description Sum of what footage covers of them */
                coveredSeconds: number;
                /** @description coveredSeconds / windowSeconds (0 when there is no window) */
                ratio: number;
            }[];
            trend: {
                /** @description Day, ISO week or month */
                period: string;
                /** @description Finished steps counted */
                steps: number;
                /** @description Steps whose coverage meets their requirement */
                passing: number;
                failing: number;
                /** @description Sum of the steps’ windows */
                windowSeconds: number;
                /** @description Sum of what footage covers of them */
                coveredSeconds: number;
                /** @description coveredSeconds / windowSeconds (0 when there is no window) */
                ratio: number;
            }[];
        };
        /** Device */
        Device: {
            id: string;
            profile: string;
            online: boolean;
            state: "standby" | "recording" | "offline";
            officerId: string | null;
            batteryPercent: number | null;
            storageFreeBytes: number | null;
            firmwareVersion: string | null;
            /** Format: date-time */
            lastSeen: string | null;
            /** @description The station is receiving its live stream now */
            live: boolean;
            /** Format: date-time */
            recordingSince: string | null;
            /** @description Device minus station clock from its last sync, ms; null before the first sync */
            clockOffsetMs: number | null;
            /** @description The device clock is off by more than the allowed drift (2 s) */
            clockDrift: boolean;
            serial: string | null;
            status: "in_service" | "in_repair" | "retired";
            notes: string | null;
            holder: {
                officerId: string;
                unitId: string | null;
                /** Format: date-time */
                since: string;
                assignmentId: string;
            } | null;
            /** @description The latest telemetry, null before the first */
            telemetry: {
                /**
                 * Format: date-time
                 * @description When the station received it
                 */
                at: string;
                charging: boolean;
                recordableSeconds: number | null;
                temperatureC: number | null;
                network: string | null;
                rssiDbm: number | null;
                position: {
                    lat: number;
                    lon: number;
                    accuracyM: number | null;
                    fixAt: string;
                } | null;
                selfTest: {
                    camera: boolean;
                    microphone: boolean;
                };
                offloadPendingSegments: number;
                offloadPendingBytes: number;
            } | null;
            /** @description Alerts active or acknowledged but not cleared */
            activeAlerts: number;
            /** @description Enrolled with a one-time code: its key and credentials were issued by the station */
            enrolled: boolean;
        };
        /** DisclosurePage */
        DisclosurePage: {
            id: string;
            slug: string;
            kind: string;
            version: number;
            title: string;
            content: unknown;
            /** @description YYYY-MM-DD, China time */
            effectiveFrom: string;
            publishedBy: string;
            /** Format: date-time */
            publishedAt: string;
            /** @description The version in effect today */
            current: boolean;
            /** @description Its day of effect has not come yet */
            scheduled: boolean;
            publicId: string;
            /** @description The exact signed text the portal serves */
            publicJson: string;
            signature: components["schemas"]["StationSignature"];
        };
        /** Document */
        Document: {
            id: string;
            caseId: string;
            stepId: string | null;
            kind: "filing-form" | "record" | "photo" | "audio" | "evidence" | "expert-opinion" | "advance-notice" | "hearing-record" | "situation-report" | "discretion-statement" | "draft-decision" | "review-opinion" | "discussion-minutes" | "decision" | "service-receipt" | "other";
            title: string;
            fileName: string;
            mediaType: string;
            bytes: number;
            sha256: string;
            version: number;
            documentKey: string;
            current: boolean;
            source: "upload" | "scan" | "generated";
            uploadedBy: string;
            /** Format: date-time */
            uploadedAt: string;
        };
        /** Error */
        Error: {
            statusCode: number;
            error: string;
            message: string;
            /** @description Stable machine-readable reason, where a client may act on it */
            code?: string;
            /** @description Facts behind the refusal */
            details?: {
                [key: string]: unknown;
            };
        };
        /** ExportJob */
        ExportJob: {
            id: string;
            caseId: string;
            caseNumber: string;
            format: "zip" | "folder";
            state: "queued" | "running" | "done" | "failed" | "cancelled";
            bytesDone: number;
            bytesTotal: number;
            files: number;
            startedAt: string;
            finishedAt?: string;
            error?: string;
            fileName: string;
            /** @description Where a folder export is on the station */
            path?: string;
            downloadUrl?: string;
        };
        /** InspectionAssignment */
        InspectionAssignment: {
            id: string;
            planId: string;
            drawId: string;
            position: number;
            partyId: string;
            partyName: string | null;
            inspectors: {
                officerId: string;
                licenceNo: string;
                name: string;
            }[];
            state: "assigned" | "inspected";
            result: {
                /** @description Day of the inspection */
                inspectedOn: string;
                outcome: "no-problem" | "problem-rectified" | "case-filed" | "not-found" | "other";
                /** @description 检查情况 */
                findings: string;
                /** @description 处理情况 */
                handling?: string;
                /** @description The case opened from it */
                caseId?: string;
            } | null;
            resultBy: string | null;
            /** Format: date-time */
            resultAt: string | null;
            publication: {
                id: string;
                itemId: string;
                state: string;
                /** Format: date-time */
                publishedAt: string | null;
            } | null;
        };
        /** InspectionItem */
        InspectionItem: {
            /** @description 序号 (0: off the list) */
            no: number;
            id: string;
            name: string;
            subItem: string | null;
            subject: string | null;
            basis: string | null;
            method: string | null;
            content: string | null;
            note: string | null;
            active: boolean;
            /** Format: date-time */
            updatedAt: string;
        };
        /** InspectionPlan */
        InspectionPlan: {
            id: string;
            drawId: string;
            title: string;
            itemId: string;
            /** Format: date-time */
            drawAt: string;
            partyCount: number;
            inspectorsPerParty: number;
            rules: {
                excludeSameRegion: boolean;
                excludeSupervisingUnit: boolean;
            };
            beaconSource: string | null;
            state: "draft" | "committed" | "drawn" | "cancelled";
            /** @description SHA-256 published before the draw */
            commitment: string | null;
            /** Format: date-time */
            committedAt: string | null;
            /** Format: date-time */
            drawnAt: string | null;
            /** Format: date-time */
            cancelledAt: string | null;
            createdBy: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            parties: {
                /** @description Stable id, e.g. the unified social credit code (统一社会信用代码) */
                id: string;
                /** @description The party’s name as published */
                name?: string;
                /** @description Region or grid (区域/网格) the party is in; read by rules.excludeSameRegion */
                region?: string;
                /** @description Unit in charge of its routine supervision (日常监管单位); read by rules.excludeSupervisingUnit */
                supervisingUnit?: string;
            }[];
            roster: {
                officerId: string;
                /** @description 执法证号: the inspector’s id in the draw */
                id: string;
                name: string;
                unit?: string;
                region?: string;
            }[];
            conflicts: {
                officerId: string;
                inspectorId: string | null;
                partyId: string;
                /** @description Internal only: never published */
                reason: string;
            }[];
            committedBy: string | null;
            commitmentRecord: {
                /** @description The exact signed text, as published */
                json: string;
                signature: components["schemas"]["StationSignature"];
            } | null;
            beacon: string | null;
            drawnBy: string | null;
            drawRecord: {
                /** @description The exact signed text, as published */
                json: string;
                signature: components["schemas"]["StationSignature"];
            } | null;
            cancelReason: string | null;
            cancelledBy: string | null;
            cancelRecord: {
                /** @description The exact signed text, as published */
                json: string;
                signature: components["schemas"]["StationSignature"];
            } | null;
        };
        /** InspectionPlanSummary */
        InspectionPlanSummary: {
            id: string;
            drawId: string;
            title: string;
            itemId: string;
            /** Format: date-time */
            drawAt: string;
            partyCount: number;
            inspectorsPerParty: number;
            rules: {
                excludeSameRegion: boolean;
                excludeSupervisingUnit: boolean;
            };
            beaconSource: string | null;
            state: "draft" | "committed" | "drawn" | "cancelled";
            /** @description SHA-256 published before the draw */
            commitment: string | null;
            /** Format: date-time */
            committedAt: string | null;
            /** Format: date-time */
            drawnAt: string | null;
            /** Format: date-time */
            cancelledAt: string | null;
            createdBy: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            parties: number;
            inspectors: number;
            conflicts: number;
        };
        /** LedgerEntry */
        LedgerEntry: {
            id: string;
            /** Format: date-time */
            ts: string;
            kind: string;
            deviceId: string;
            officerId: string | null;
            assignmentId: string | null;
            actor: string;
            reason: string | null;
            detail: unknown;
        };
        /**
         * LiveEvents
         * @description GET /api/events: each key is an event name, its value that event’s data
         */
        LiveEvents: {
            /** @description Every device, on every (re)connect */
            snapshot: {
                devices: components["schemas"]["Device"][];
            };
            device: components["schemas"]["Device"];
            recording: components["schemas"]["Recording"];
            /** @description Steps whose coverage changed and review queues that moved: refetch what shows them */
            coverage: {
                stepIds: string[];
            };
            alert: components["schemas"]["Alert"];
        };
        /** Officer */
        Officer: {
            /** @description Badge number (警号): what recorders report as officerId */
            id: string;
            name: string;
            /** @description Enforcement licence number (执法证号) */
            licenceNo: string | null;
            /** @description Last day the licence is valid (YYYY-MM-DD) */
            licenceExpires: string | null;
            unitId: string | null;
            role: string;
            active: boolean;
        };
        /** Publication */
        Publication: {
            id: string;
            itemId: string;
            caseId: string | null;
            kind: "penalty" | "compulsion" | "inspection" | "reward" | "licensing" | "random-inspection";
            state: "draft" | "published" | "withdrawn" | "expired";
            title: string;
            original: {
                /** @description 决定书文号 */
                decisionNumber: string;
                /** @description 当事人 (as the masking policy allows) */
                party: string;
                /** @description 主要违法事实 */
                violation: string;
                /** @description 处罚依据 */
                basis: string;
                /** @description 处罚结果 */
                outcome: string;
                /** @description 作出决定的机关 */
                agency: string;
                /** @description 决定日期 */
                decisionDate: string;
            };
            redacted: {
                /** @description 决定书文号 */
                decisionNumber: string;
                /** @description 当事人 (as the masking policy allows) */
                party: string;
                /** @description 主要违法事实 */
                violation: string;
                /** @description 处罚依据 */
                basis: string;
                /** @description 处罚结果 */
                outcome: string;
                /** @description 作出决定的机关 */
                agency: string;
                /** @description 决定日期 */
                decisionDate: string;
            };
            findings: {
                field: string;
                kind: string;
                replacement: string;
                start: number;
                end: number;
            }[];
            withhold: string[];
            /** Format: date-time */
            decidedAt: string;
            deadline: {
                code: "legal-review" | "decision" | "publication";
                days: number;
                unit: "working-day" | "calendar-day";
                from: "acceptance" | "filing" | "decision";
                label: string;
                /** Format: date-time */
                dueAt: string;
                workingDaysLeft: number;
                state: "ok" | "amber" | "red" | "breached";
            } | null;
            signedOffBy: string | null;
            /** Format: date-time */
            publishedAt: string | null;
            signature: string | null;
            portalUrl: string | null;
            late: boolean;
            /** Format: date-time */
            withdrawnAt: string | null;
            withdrawReason: string | null;
            /** Format: date-time */
            expiresAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /** Recording */
        Recording: {
            id: string;
            deviceId: string;
            officerId: string | null;
            /** @description One live publish; its segments share it */
            sessionId: string;
            /** Format: date-time */
            startedAt: string;
            /** Format: date-time */
            endedAt: string;
            durationSeconds: number;
            bytes: number;
            /** @description SHA-256 of the file bytes, taken when the segment was closed */
            sha256: string;
            source: "live" | "device";
            /** @description Indexed after a station crash rather than when it was closed */
            recovered: boolean;
            fileUrl: string;
        };
        /** ReviewItem */
        ReviewItem: {
            id: string;
            kind: "unsorted" | "coverage-gap" | "marked" | "legal-review" | "interruption" | "quarantine" | "discard-overlap";
            subjectId: string;
            title: string;
            caseId: string | null;
            stepId: string | null;
            deviceId: string | null;
            officerId: string | null;
            unitId: string | null;
            subjectStart: string | null;
            subjectEnd: string | null;
            state: "open" | "in_review" | "done";
            assignee: string | null;
            explanation: string | null;
            explanationReason: string | null;
            explainedBy: string | null;
            decision: "accepted" | "rejected" | (never | null);
            decisionNote: string | null;
            decidedBy: string | null;
            resolution: string | null;
            detail: unknown;
            /** Format: date-time */
            dueAt: string;
            overdue: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /** Reviewer */
        Reviewer: {
            username: string;
            name: string;
            qualificationNo: string | null;
            certificateNo: string | null;
            /** @description YYYY-MM-DD */
            certificateExpires: string | null;
            active: boolean;
            publicKeyPem: string;
        };
        /** StationSignature */
        StationSignature: {
            format: string;
            version: number;
            algorithm: string;
            /** @description The public id the signature names */
            signed: string;
            sha256: string;
            keyId: string;
            publicKeyPem: string;
            /** @description Ed25519 over the exact bytes of the public JSON, base64 */
            signature: string;
        };
        /** Step */
        Step: {
            id: string;
            caseId: string;
            kind: "on-site-inspection" | "random-inspection" | "investigation" | "evidence-preservation" | "service" | "compulsory-measure" | "hearing" | "other";
            title: string | null;
            /** Format: date-time */
            startsAt: string;
            /** Format: date-time */
            endsAt: string | null;
            location: string | null;
            lat: number | null;
            lon: number | null;
            requirement: "full-process" | "required" | "optional";
            officers: string[];
            coverage: components["schemas"]["StepCoverage"] | (never | null);
        };
        /** StepCoverage */
        StepCoverage: {
            /** Format: date-time */
            windowStart: string;
            /** Format: date-time */
            windowEnd: string;
            windowSeconds: number;
            coveredSeconds: number;
            ratio: number;
            requiredRatio: number;
            /** @description The footage meets the requirement and nothing interrupted the recording */
            passing: boolean;
            /** @description The window has ended */
            final: boolean;
            gaps: {
                /** Format: date-time */
                start: string;
                /** Format: date-time */
                end: string;
                seconds: number;
            }[];
            /** @description Window seconds under footage recorded between a press and its stop */
            recordedSeconds: number;
            /** @description Window seconds under pre- or post-record footage only */
            bufferSeconds: number;
            /** @description Stops inside a full-process or required step, until the next press, whatever footage covers them */
            interruptions: {
                /**
                 * Format: date-time
                 * @description The stop (or the last sign of a recording cut without one)
                 */
                start: string;
                /**
                 * Format: date-time
                 * @description The next press, or the end of the window
                 */
                end: string;
                seconds: number;
                /** @description stop: the recorder was stopped; cut: the recording ended without a stop (power, crash) */
                kind: "stop" | "cut";
                deviceId: string;
                /** @description The recording that ended */
                recordingId: string;
                /** @description A press within the window ended the interruption */
                resumed: boolean;
            }[];
        };
        /** StopReasonRequiredError */
        StopReasonRequiredError: {
            /** @enum {number} */
            statusCode: 400;
            error: string;
            message: string;
            /** @enum {string} */
            code: "stop-reason-required";
            /** @description The full-process step the recorder’s officer is on */
            details: {
                officerId: string | null;
                stepId: string | null;
                caseId: string | null;
                caseNumber: string | null;
                stepKind: string | null;
                /** Format: date-time */
                stepEndsAt: string | null;
            };
        };
        /** Unit */
        Unit: {
            id: string;
            name: string;
            parentId: string | null;
        };
        /** VideoCaseFootage */
        VideoCaseFootage: {
            recordingId: string;
            deviceId: string;
            source: string;
            stepId: string;
            stepKind: string;
            startedAt: string;
            endedAt: string;
            durationMs: number;
            sha256: string;
        };
        /**
         * VideoRegion
         * @description A rectangle blurred over a span of the clip (ms from its start)
         */
        VideoRegion: {
            id: string;
            source: "auto" | "manual";
            startMs: number;
            endMs: number;
            /** @description pixels of the clip */
            x: number;
            /** @description pixels of the clip */
            y: number;
            /** @description pixels of the clip */
            w: number;
            /** @description pixels of the clip */
            h: number;
        };
        /** VideoReleaseView */
        VideoReleaseView: {
            id: string;
            publicationId: string;
            caseId: string;
            recordingId: string;
            startMs: number;
            endMs: number;
            state: "queued" | "cutting" | "detecting" | "review" | "rendering" | "rendered" | "released" | "failed" | "withdrawn";
            /** @description True while the portal serves the released copy */
            public: boolean;
            error: string | null;
            sources: {
                recordingId: string;
                sha256: string;
                bytes: number;
                startMs: number;
                endMs: number;
            }[];
            work: {
                sha256: string;
                bytes: number;
                width: number;
                height: number;
                durationMs: number;
            } | null;
            tracks: {
                id: string;
                regions: components["schemas"]["VideoRegion"][];
            }[];
            rejected: string[];
            manualRegions: components["schemas"]["VideoRegion"][];
            mutedSpans: {
                startMs: number;
                endMs: number;
            }[];
            copy: {
                sha256: string;
                bytes: number;
                render: number;
                manifestSha256: string;
            } | null;
            proposedBy: string;
            signedOffBy: string | null;
            releasedAt: string | null;
            /** @description Taken down alone: when */
            withdrawnAt: string | null;
            withdrawnBy: string | null;
            /** @description Taken down alone: the reason the portal publishes (redacted) */
            withdrawReason: string | null;
            createdAt: string;
            updatedAt: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
