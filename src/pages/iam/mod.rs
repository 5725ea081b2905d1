//! IAM: the service-to-service authorizations that let a database service read keys in Key Protect
//! (`authorizations`, the seed's second step), and the users with their roles and tokens (`users`).

pub mod authorizations;
pub mod users;

use yew::prelude::*;

use authorizations::Authorizations;
use users::Users;

#[function_component(IamPage)]
pub fn iam_page() -> Html {
    html! {
        <section>
            <h1>{ "IAM" }</h1>
            <Authorizations />
            <Users />
        </section>
    }
}
