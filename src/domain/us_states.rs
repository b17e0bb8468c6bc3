//! The places a candidate can target: the 50 states, the District of Columbia and Puerto Rico, by
//! USPS code, alphabetical by name. Kept here (not read from the guide's facts) so the form does
//! not depend on content files; a test in the guide may cross-check the two lists.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UsState {
    pub(crate) code: &'static str,
    pub(crate) name: &'static str,
}

pub(crate) const US_STATES: &[UsState] = &[
    UsState {
        code: "AL",
        name: "Alabama",
    },
    UsState {
        code: "AK",
        name: "Alaska",
    },
    UsState {
        code: "AZ",
        name: "Arizona",
    },
    UsState {
        code: "AR",
        name: "Arkansas",
    },
    UsState {
        code: "CA",
        name: "California",
    },
    UsState {
        code: "CO",
        name: "Colorado",
    },
    UsState {
        code: "CT",
        name: "Connecticut",
    },
    UsState {
        code: "DE",
        name: "Delaware",
    },
    UsState {
        code: "DC",
        name: "District of Columbia",
    },
    UsState {
        code: "FL",
        name: "Florida",
    },
    UsState {
        code: "GA",
        name: "Georgia",
    },
    UsState {
        code: "HI",
        name: "Hawaii",
    },
    UsState {
        code: "ID",
        name: "Idaho",
    },
    UsState {
        code: "IL",
        name: "Illinois",
    },
    UsState {
        code: "IN",
        name: "Indiana",
    },
    UsState {
        code: "IA",
        name: "Iowa",
    },
    UsState {
        code: "KS",
        name: "Kansas",
    },
    UsState {
        code: "KY",
        name: "Kentucky",
    },
    UsState {
        code: "LA",
        name: "Louisiana",
    },
    UsState {
        code: "ME",
        name: "Maine",
    },
    UsState {
        code: "MD",
        name: "Maryland",
    },
    UsState {
        code: "MA",
        name: "Massachusetts",
    },
    UsState {
        code: "MI",
        name: "Michigan",
    },
    UsState {
        code: "MN",
        name: "Minnesota",
    },
    UsState {
        code: "MS",
        name: "Mississippi",
    },
    UsState {
        code: "MO",
        name: "Missouri",
    },
    UsState {
        code: "MT",
        name: "Montana",
    },
    UsState {
        code: "NE",
        name: "Nebraska",
    },
    UsState {
        code: "NV",
        name: "Nevada",
    },
    UsState {
        code: "NH",
        name: "New Hampshire",
    },
    UsState {
        code: "NJ",
        name: "New Jersey",
    },
    UsState {
        code: "NM",
        name: "New Mexico",
    },
    UsState {
        code: "NY",
        name: "New York",
    },
    UsState {
        code: "NC",
        name: "North Carolina",
    },
    UsState {
        code: "ND",
        name: "North Dakota",
    },
    UsState {
        code: "OH",
        name: "Ohio",
    },
    UsState {
        code: "OK",
        name: "Oklahoma",
    },
    UsState {
        code: "OR",
        name: "Oregon",
    },
    UsState {
        code: "PA",
        name: "Pennsylvania",
    },
    UsState {
        code: "PR",
        name: "Puerto Rico",
    },
    UsState {
        code: "RI",
        name: "Rhode Island",
    },
    UsState {
        code: "SC",
        name: "South Carolina",
    },
    UsState {
        code: "SD",
        name: "South Dakota",
    },
    UsState {
        code: "TN",
        name: "Tennessee",
    },
    UsState {
        code: "TX",
        name: "Texas",
    },
    UsState {
        code: "UT",
        name: "Utah",
    },
    UsState {
        code: "VT",
        name: "Vermont",
    },
    UsState {
        code: "VA",
        name: "Virginia",
    },
    UsState {
        code: "WA",
        name: "Washington",
    },
    UsState {
        code: "WV",
        name: "West Virginia",
    },
    UsState {
        code: "WI",
        name: "Wisconsin",
    },
    UsState {
        code: "WY",
        name: "Wyoming",
    },
];

pub(crate) fn find(code: &str) -> Option<&'static UsState> {
    US_STATES.iter().find(|s| s.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifty_states_plus_dc_and_puerto_rico() {
        assert_eq!(US_STATES.len(), 52);
        let mut codes: Vec<&str> = US_STATES.iter().map(|s| s.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 52);
        assert!(find("DC").is_some() && find("PR").is_some() && find("GU").is_none());
    }
}
