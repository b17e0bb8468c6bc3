//! The role matrix: every route of `web::admin::ROUTES`, straight from the table, without a
//! session, with a recruiter's and with an admin's. What each may do comes from the route's
//! `Access`; the guard is the only place that decides it, so this test covers every route there is.

use labminds::web::admin::{Access, AdminMethod, ROUTES};

use super::*;
use crate::admin::{Seed, add_recruiter, rows_with, seed_candidate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Nobody,
    Recruiter,
    Admin,
}

/// What `who` must get on a route of `access`: `Some(status)` exactly, or `None` for "served"
/// (anything but a refusal, a redirect to sign in, or a server error).
fn expected(who: Who, access: Access, method: AdminMethod) -> Option<u16> {
    let get = method == AdminMethod::Get;
    match (who, access) {
        (_, Access::Public) => None,
        (Who::Nobody, _) => Some(if get { 303 } else { 403 }),
        // An active session has no second step to take: the page sends it home, a post is refused.
        (_, Access::SecondFactor) => Some(if get { 303 } else { 403 }),
        (Who::Recruiter, Access::Admin) => Some(403),
        _ => None,
    }
}

fn path_for(route: &labminds::web::admin::AdminRoute, seeded: &crate::admin::Seeded) -> String {
    let random = Uuid::new_v4().to_string();
    let path = route.full_path();
    if route.method == AdminMethod::Post {
        // Posts name nothing that exists: nothing is changed by the sweep.
        return path
            .replace("{id}", &random)
            .replace("{message_id}", &random)
            .replace("{token}", &random);
    }
    path.replace(
        "/applications/{id}",
        &format!("/applications/{}", seeded.application_id),
    )
    .replace("{id}", &seeded.candidate_id.to_string())
    .replace("{token}", &random)
}

#[tokio::test]
async fn every_route_answers_each_role_as_its_access_says() {
    let team = spawn_team(&[]).await;
    let app = &team.app;
    let seeded = seed_candidate(app, &Seed::default()).await;
    let (admin, _, _) = signed_in_admin(app, "maria@labmindsstaffing.com").await;
    add_recruiter(app, "ana@labmindsstaffing.com").await;
    let (recruiter, _) = password_step(app, "ana@labmindsstaffing.com", PASSWORD).await;
    assert!(ROUTES.len() >= 30, "the route table looks truncated");
    // Signing out last: it ends the session the other rows use.
    let mut routes: Vec<_> = ROUTES.iter().collect();
    routes.sort_by_key(|r| r.path == "/logout");
    let mut checked = 0;
    for (who, client) in [
        (Who::Nobody, crate::helpers::client()),
        (Who::Recruiter, recruiter),
        (Who::Admin, admin),
    ] {
        let csrf = match who {
            Who::Nobody => "x".to_owned(),
            _ => csrf_on(app, &client, "/admin/account").await,
        };
        for route in &routes {
            let path = path_for(route, &seeded);
            let response = match route.method {
                AdminMethod::Get => client.get(app.url(&path)).send().await.unwrap(),
                AdminMethod::Post => post_form(app, &client, &path, &[("csrf_token", &csrf)]).await,
            };
            let status = response.status().as_u16();
            let location = response
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_owned());
            assert_eq!(
                response.headers()["cache-control"],
                "no-store",
                "{who:?} {path}"
            );
            match expected(who, route.access, route.method) {
                Some(want) => assert_eq!(status, want, "{who:?} {:?} {path}", route.method),
                None => {
                    assert!(status < 500, "{who:?} {path}: {status}");
                    assert_ne!(status, 403, "{who:?} {:?} {path} refused", route.method);
                    let to_login = location.as_deref() == Some("/admin/login");
                    let signing_out = route.path == "/logout";
                    assert!(!to_login || signing_out, "{who:?} {path} sent to sign in");
                }
            }
            if who == Who::Nobody
                && route.access != Access::Public
                && route.method == AdminMethod::Get
            {
                assert_eq!(location.as_deref(), Some("/admin/login"), "{path}");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 3 * ROUTES.len());
    // Nothing was changed by all those posts.
    assert_eq!(
        rows_with(app, "candidates", "id", seeded.candidate_id).await,
        1
    );
    let accounts: i64 =
        sqlx::query_scalar("select count(*) from recruiters where disabled_at is null")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(accounts, 2);
}

#[tokio::test]
async fn recruiters_cannot_erase_export_everyone_or_manage_the_team() {
    let team = spawn_team(&[]).await;
    let app = &team.app;
    let seeded = seed_candidate(app, &Seed::default()).await;
    add_recruiter(app, "ana@labmindsstaffing.com").await;
    let (recruiter, _) = password_step(app, "ana@labmindsstaffing.com", PASSWORD).await;
    let id = seeded.candidate_id;
    for path in [
        "/admin/candidates.csv".to_owned(),
        format!("/admin/candidates/{id}/erase"),
        "/admin/team".to_owned(),
    ] {
        assert_eq!(page(app, &recruiter, &path).await.0, 403, "{path}");
    }
    let erase = post_with_csrf(
        app,
        &recruiter,
        "/admin/account",
        &format!("/admin/candidates/{id}/erase"),
        &[("confirm", "ERASE")],
    )
    .await;
    assert_eq!(erase.status(), 403);
    assert_eq!(rows_with(app, "candidates", "id", id).await, 1);
    // Their dashboard has no Team link; an admin's has.
    let (_, html) = page(app, &recruiter, "/admin").await;
    assert!(!attrs(&html, "nav a", "href").contains(&"/admin/team".to_owned()));
    let (admin, _, _) = signed_in_admin(app, "maria@labmindsstaffing.com").await;
    let (_, html) = page(app, &admin, "/admin").await;
    assert!(attrs(&html, "nav a", "href").contains(&"/admin/team".to_owned()));
    assert_eq!(page(app, &admin, "/admin/candidates.csv").await.0, 200);
}
