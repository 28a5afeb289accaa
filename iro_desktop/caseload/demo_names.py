"""The invented names, places and schools the demo caseload is made from (``demo``).

Surnames are invented words (Bramblewick, Puddlewick...) so that no record can be mistaken for a
real child; the council, Northshire, is fictional and its postcode districts (NS1-NS9) use
letters no real postcode area has. Placements elsewhere are in real English areas because
planning trips to them is what the app is for.
"""

from __future__ import annotations

COUNCIL_AREA = "Northshire"
HOME_DISTRICTS = [f"NS{i}" for i in range(1, 10)]

GIRLS = [
    "Amara", "Bethany", "Chloe", "Daisy", "Esme", "Freya", "Grace", "Hafsa", "Imogen", "Jasmine",
    "Keira", "Leah", "Maisie", "Nadia", "Olivia", "Poppy", "Rosie", "Sienna", "Tia", "Zara",
    "Aaliyah", "Ruby", "Evie", "Lacey", "Skye", "Amelia", "Precious", "Zofia", "Iqra", "Kezia",
]
BOYS = [
    "Alfie", "Bailey", "Callum", "Dylan", "Ethan", "Finley", "George", "Harvey", "Isaac", "Jayden",
    "Kai", "Leon", "Mason", "Noah", "Oscar", "Reuben", "Riley", "Tyrone", "Kofi", "Yusuf",
    "Mihai", "Harley", "Logan", "Jack", "Charlie", "Ollie", "Dominik", "Ayaan", "Louie", "Tommy",
]
UASC_NAMES = [
    ("Dawit", "M"), ("Habtom", "M"), ("Yonatan", "M"), ("Ahmad", "M"), ("Hamid", "M"),
    ("Omid", "M"), ("Rahim", "M"), ("Sardar", "M"), ("Kawa", "M"), ("Abdullahi", "M"),
    ("Bereket", "M"), ("Mahlet", "F"), ("Arsema", "F"), ("Samira", "F"),
]
NICKNAMES = {"Olivia": "Liv", "Bethany": "Beth", "Jasmine": "Jaz", "Imogen": "Immy", "Amelia": "Millie",
             "Callum": "Cal", "Dominik": "Dom", "Harvey": "Harv", "Finley": "Finn", "Isaac": "Zac",
             "Tyrone": "Ty", "Abdullahi": "Abdi", "Jayden": "Jay", "Reuben": "Reu"}
UASC_LANGUAGES = ["Tigrinya", "Pashto", "Arabic", "Kurdish (Sorani)", "Dari", "Amharic", "Somali"]
SURNAMES = [
    "Bramblewick", "Cobblemoss", "Dapplethorn", "Emberwick", "Fernhollow", "Gorsebeck", "Hazelmoss",
    "Inkwhistle", "Juniperwell", "Kettlemoss", "Larkwhistle", "Mossbramble", "Nettlewhistle",
    "Pebblewick", "Quincemoor", "Rushwhistle", "Sorrelwick", "Thistlemoss", "Umberwhistle",
    "Velvetbeck", "Willowspark", "Yarrowmoss", "Acornvale", "Buttonbeck", "Clovermere",
    "Elderwhistle", "Foxglovely", "Gingerbeck", "Honeywhistle", "Ivybramble", "Jackdawley",
    "Kingfisherly", "Lanternmoss", "Marigoldby", "Nutmegley", "Orchardwhistle", "Puddlewick",
    "Rainbeck", "Saffronmoor", "Teaselwick", "Violetmere", "Wrenwhistle", "Yewbramble",
]
ADULT_NAMES = [
    "Jo", "Sam", "Alex", "Chris", "Pat", "Lee", "Kim", "Robin", "Jordan", "Morgan", "Jamie",
    "Terry", "Linda", "Paul", "Sue", "Dave", "Karen", "Ian", "Andrea", "Mike", "Denise", "Gary",
    "Nasreen", "Tunde", "Bronwen", "Rajesh", "Marta", "Eilidh",
]
PRO_SURNAMES = [
    "Brightwater", "Coppergate", "Dovecote", "Fairbairnley", "Glimmerton", "Harebell",
    "Lindenfold", "Moonwhistle", "Penhallowby", "Ravensmoss", "Silverbeck", "Tidewhistle",
]
TEAMS = ["Children in Care Team North", "Children in Care Team South", "Disabled Children's Team",
         "Leaving Care Team", "UASC and Leaving Care Team", "Permanence and Adoption Team"]
CHILDRENS_HOMES = ["Willowbank House", "Heatherbrae Lodge", "The Lantern Children's Home", "Brook Cottage",
                   "Hillcrest View", "Foxglove House", "Meadowside Lodge", "Kestrel Barn"]
SUPPORTED = ["Stepping Stones Supported Lodgings", "Harbour Light Supported Housing",
             "Horizon Supported Living", "Anchor Point Supported Accommodation"]
SCHOOLS_PRIMARY = ["Northshire Meadows Primary", "St Wilfrida's CE Primary", "Larkhill Junior School",
                   "Moorside Infant and Nursery", "Brookfield Primary Academy"]
SCHOOLS_SECONDARY = ["Northshire Valley Academy", "Kingsmoor High School", "Heathfield Community College",
                     "The Ridgeway School", "Fenwick Pupil Referral Unit"]
COLLEGES = ["Northshire College", "Riverside Sixth Form College", "Coastal College of Further Education"]
ETHNICITIES = ["White British"] * 10 + [
    "White and Black Caribbean", "White and Asian", "Black African", "Black Caribbean", "Asian Pakistani",
    "Asian Bangladeshi", "White Other", "Gypsy/Roma", "Other mixed background"]

# Real English areas (and some of their postcode districts) where Northshire places children.
AWAY = {
    "Cornwall": ["TR1", "TR15", "PL26", "TR18"],
    "Kent": ["CT1", "ME14", "TN23", "CT9"],
    "Cumbria": ["CA1", "LA9", "CA28"],
    "Northumberland": ["NE61", "NE46", "TD15"],
    "Devon": ["EX4", "TQ12", "EX39"],
    "Birmingham": ["B15", "B23", "B11"],
    "Lancashire": ["PR1", "BB2", "LA1"],
    "Norfolk": ["NR3", "PE30"],
    "Lincolnshire": ["LN1", "PE21"],
    "Bristol": ["BS5", "BS13"],
    "Leeds": ["LS8", "LS11"],
    "Manchester": ["M14", "M23"],
    "Sheffield": ["S6", "S5"],
    "Essex": ["CM1", "CO4", "SS1"],
    "Somerset": ["TA1", "BA4"],
    "Shropshire": ["SY1", "SY3"],
    "North Yorkshire": ["YO7", "HG1"],
    "County Durham": ["DL14", "DH1"],
}
AWAY_AREAS = list(AWAY)

# Chance that a placement of this type is outside Northshire: specialist homes are scarce.
OUT_OF_AREA_CHANCE = {"K1": 0.9, "K2": 0.7, "S1": 0.8, "R5": 1.0, "H5": 0.5, "R3": 0.5,
                      "U1": 0.3, "U2": 0.3, "U3": 0.3, "P1": 0.15, "P2": 0.2}
