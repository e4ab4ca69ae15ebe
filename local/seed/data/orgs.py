"""The organisation directory: Union Ministries of the Government of India, a representative set of their
departments, the 28 states and 8 union territories, and a few capacity-building organisations.

Email domains are the bodies' own official web/mail domains. Where a body has no domain of its own that we
could confirm, it carries its parent's domain (and a comment says so); no domain here is invented. Every org
has at least one domain. `nic.in` and `gov.in` are platform-wide allow-listed anyway (see API.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

OrgType = Literal["ministry", "department", "state", "organisation"]
ORG_TYPES: tuple[OrgType, ...] = ("ministry", "department", "state", "organisation")


@dataclass(frozen=True, slots=True)
class Org:
    id: str
    name: str
    type: OrgType
    parent_id: str | None
    email_domains: tuple[str, ...]
    name_hi: str | None = None


def _m(org_id: str, name: str, name_hi: str, *domains: str) -> Org:
    return Org(org_id, name, "ministry", None, domains, name_hi)


def _d(org_id: str, name: str, parent_id: str | None, *domains: str) -> Org:
    return Org(org_id, name, "department", parent_id, domains)


def _s(org_id: str, name: str, name_hi: str, *domains: str) -> Org:
    return Org(org_id, name, "state", None, domains, name_hi)


def _o(org_id: str, name: str, *domains: str) -> Org:
    return Org(org_id, name, "organisation", None, domains)


MINISTRIES: tuple[Org, ...] = (
    _m("moafw", "Ministry of Agriculture and Farmers Welfare", "कृषि एवं किसान कल्याण मंत्रालय",
       "agriwelfare.gov.in"),
    _m("ayush", "Ministry of Ayush", "आयुष मंत्रालय", "ayush.gov.in"),
    # The ministry has no domain of its own; its three departments' domains.
    _m("mocf", "Ministry of Chemicals and Fertilizers", "रसायन और उर्वरक मंत्रालय",
       "chemicals.gov.in", "fert.nic.in", "pharmaceuticals.gov.in"),
    _m("moca", "Ministry of Civil Aviation", "नागर विमानन मंत्रालय", "civilaviation.gov.in"),
    _m("coal", "Ministry of Coal", "कोयला मंत्रालय", "coal.gov.in", "coal.nic.in"),
    _m("moci", "Ministry of Commerce and Industry", "वाणिज्य एवं उद्योग मंत्रालय",
       "commerce.gov.in", "dpiit.gov.in"),
    # No domain of its own; its two departments' domains.
    _m("mocomm", "Ministry of Communications", "संचार मंत्रालय", "dot.gov.in", "indiapost.gov.in"),
    _m("mocafpd", "Ministry of Consumer Affairs, Food and Public Distribution",
       "उपभोक्ता मामले, खाद्य और सार्वजनिक वितरण मंत्रालय", "consumeraffairs.nic.in", "dfpd.gov.in"),
    _m("mocoop", "Ministry of Cooperation", "सहकारिता मंत्रालय", "cooperation.gov.in"),
    _m("mca", "Ministry of Corporate Affairs", "कॉर्पोरेट कार्य मंत्रालय", "mca.gov.in"),
    _m("culture", "Ministry of Culture", "संस्कृति मंत्रालय", "indiaculture.gov.in"),
    _m("mod", "Ministry of Defence", "रक्षा मंत्रालय", "mod.gov.in", "mod.nic.in"),
    _m("mdoner", "Ministry of Development of North Eastern Region", "पूर्वोत्तर क्षेत्र विकास मंत्रालय",
       "mdoner.gov.in"),
    _m("moes", "Ministry of Earth Sciences", "पृथ्वी विज्ञान मंत्रालय", "moes.gov.in"),
    _m("moe", "Ministry of Education", "शिक्षा मंत्रालय", "education.gov.in"),
    _m("meity", "Ministry of Electronics and Information Technology",
       "इलेक्ट्रॉनिकी और सूचना प्रौद्योगिकी मंत्रालय", "meity.gov.in"),
    _m("moefcc", "Ministry of Environment, Forest and Climate Change", "पर्यावरण, वन और जलवायु परिवर्तन मंत्रालय",
       "moef.gov.in"),
    _m("mea", "Ministry of External Affairs", "विदेश मंत्रालय", "mea.gov.in"),
    _m("mof", "Ministry of Finance", "वित्त मंत्रालय", "finmin.gov.in", "finmin.nic.in"),
    # No domain of its own; its two departments' domains.
    _m("mofahd", "Ministry of Fisheries, Animal Husbandry and Dairying", "मत्स्यपालन, पशुपालन और डेयरी मंत्रालय",
       "dof.gov.in", "dahd.gov.in"),
    _m("mofpi", "Ministry of Food Processing Industries", "खाद्य प्रसंस्करण उद्योग मंत्रालय", "mofpi.gov.in"),
    _m("mohfw", "Ministry of Health and Family Welfare", "स्वास्थ्य और परिवार कल्याण मंत्रालय", "mohfw.gov.in"),
    _m("mhi", "Ministry of Heavy Industries", "भारी उद्योग मंत्रालय", "heavyindustries.gov.in"),
    _m("mha", "Ministry of Home Affairs", "गृह मंत्रालय", "mha.gov.in"),
    _m("mohua", "Ministry of Housing and Urban Affairs", "आवासन और शहरी कार्य मंत्रालय", "mohua.gov.in"),
    _m("mib", "Ministry of Information and Broadcasting", "सूचना और प्रसारण मंत्रालय", "mib.gov.in"),
    # No domain of its own; its two departments' domains.
    _m("mojs", "Ministry of Jal Shakti", "जल शक्ति मंत्रालय", "jalshakti-dowr.gov.in", "jalshakti-ddws.gov.in"),
    _m("mole", "Ministry of Labour and Employment", "श्रम और रोजगार मंत्रालय", "labour.gov.in"),
    _m("molj", "Ministry of Law and Justice", "विधि और न्याय मंत्रालय", "lawmin.gov.in"),
    _m("msme", "Ministry of Micro, Small and Medium Enterprises", "सूक्ष्म, लघु और मध्यम उद्यम मंत्रालय",
       "msme.gov.in"),
    _m("mines", "Ministry of Mines", "खान मंत्रालय", "mines.gov.in"),
    _m("moma", "Ministry of Minority Affairs", "अल्पसंख्यक कार्य मंत्रालय", "minorityaffairs.gov.in"),
    _m("mnre", "Ministry of New and Renewable Energy", "नवीन और नवीकरणीय ऊर्जा मंत्रालय", "mnre.gov.in"),
    _m("mopr", "Ministry of Panchayati Raj", "पंचायती राज मंत्रालय", "panchayat.gov.in"),
    _m("mopa", "Ministry of Parliamentary Affairs", "संसदीय कार्य मंत्रालय", "mpa.gov.in"),
    _m("moppgp", "Ministry of Personnel, Public Grievances and Pensions", "कार्मिक, लोक शिकायत तथा पेंशन मंत्रालय",
       "persmin.gov.in"),
    _m("mopng", "Ministry of Petroleum and Natural Gas", "पेट्रोलियम और प्राकृतिक गैस मंत्रालय", "mopng.gov.in"),
    # The Ministry of Planning has no web presence of its own: NITI Aayog, which it oversees, serves it.
    _m("moplan", "Ministry of Planning", "योजना मंत्रालय", "niti.gov.in"),
    _m("mopsw", "Ministry of Ports, Shipping and Waterways", "पत्तन, पोत परिवहन और जलमार्ग मंत्रालय",
       "shipmin.gov.in"),
    _m("mopower", "Ministry of Power", "विद्युत मंत्रालय", "powermin.gov.in"),
    _m("railways", "Ministry of Railways", "रेल मंत्रालय", "indianrailways.gov.in"),
    _m("morth", "Ministry of Road Transport and Highways", "सड़क परिवहन और राजमार्ग मंत्रालय",
       "morth.gov.in", "morth.nic.in"),
    _m("mord", "Ministry of Rural Development", "ग्रामीण विकास मंत्रालय", "rural.gov.in", "dolr.gov.in"),
    # No domain of its own; its three departments' domains.
    _m("most", "Ministry of Science and Technology", "विज्ञान और प्रौद्योगिकी मंत्रालय",
       "dst.gov.in", "dbtindia.gov.in", "dsir.gov.in"),
    _m("msde", "Ministry of Skill Development and Entrepreneurship", "कौशल विकास और उद्यमशीलता मंत्रालय",
       "msde.gov.in"),
    _m("mosje", "Ministry of Social Justice and Empowerment", "सामाजिक न्याय और अधिकारिता मंत्रालय",
       "socialjustice.gov.in", "depwd.gov.in"),
    _m("mospi", "Ministry of Statistics and Programme Implementation",
       "सांख्यिकी और कार्यक्रम कार्यान्वयन मंत्रालय", "mospi.gov.in"),
    _m("steel", "Ministry of Steel", "इस्पात मंत्रालय", "steel.gov.in"),
    _m("textiles", "Ministry of Textiles", "वस्त्र मंत्रालय", "texmin.gov.in"),
    _m("tourism", "Ministry of Tourism", "पर्यटन मंत्रालय", "tourism.gov.in"),
    _m("mota", "Ministry of Tribal Affairs", "जनजातीय कार्य मंत्रालय", "tribal.gov.in", "tribal.nic.in"),
    _m("mwcd", "Ministry of Women and Child Development", "महिला और बाल विकास मंत्रालय",
       "wcd.gov.in", "wcd.nic.in"),
    _m("myas", "Ministry of Youth Affairs and Sports", "युवा कार्यक्रम और खेल मंत्रालय", "yas.gov.in"),
)

DEPARTMENTS: tuple[Org, ...] = (
    # Ministry of Personnel, Public Grievances and Pensions
    _d("dopt", "Department of Personnel and Training", "moppgp", "dopt.gov.in", "persmin.gov.in"),
    _d("darpg", "Department of Administrative Reforms and Public Grievances", "moppgp", "darpg.gov.in"),
    _d("doppw", "Department of Pension and Pensioners' Welfare", "moppgp", "doppw.gov.in"),
    # Ministry of Finance
    _d("dea", "Department of Economic Affairs", "mof", "dea.gov.in"),
    _d("doexp", "Department of Expenditure", "mof", "doe.gov.in"),
    _d("dor", "Department of Revenue", "mof", "dor.gov.in"),
    _d("dfs", "Department of Financial Services", "mof", "financialservices.gov.in"),
    _d("dipam", "Department of Investment and Public Asset Management", "mof", "dipam.gov.in"),
    _d("dpe", "Department of Public Enterprises", "mof", "dpe.gov.in"),
    # Ministry of Education
    _d("dosel", "Department of School Education and Literacy", "moe", "dsel.education.gov.in",
       "education.gov.in"),
    # No separate domain of its own: the Ministry's.
    _d("dohe", "Department of Higher Education", "moe", "education.gov.in"),
    # Ministry of Communications
    _d("dot", "Department of Telecommunications", "mocomm", "dot.gov.in"),
    _d("dop", "Department of Posts", "mocomm", "indiapost.gov.in"),
    # Ministry of Home Affairs
    _d("dol", "Department of Official Language", "mha", "rajbhasha.gov.in"),
    # No separate domain of its own: the Ministry's.
    _d("dobm", "Department of Border Management", "mha", "mha.gov.in"),
    # Ministry of Defence
    _d("dodef", "Department of Defence", "mod", "mod.gov.in"),
    # No separate domain of its own: the Ministry's.
    _d("dma", "Department of Military Affairs", "mod", "mod.gov.in"),
    _d("ddp", "Department of Defence Production", "mod", "ddpmod.gov.in"),
    _d("ddrd", "Department of Defence Research and Development", "mod", "drdo.gov.in"),
    _d("desw", "Department of Ex-Servicemen Welfare", "mod", "desw.gov.in"),
    # Ministry of Agriculture and Farmers Welfare
    _d("dafw", "Department of Agriculture and Farmers Welfare", "moafw", "agriwelfare.gov.in"),
    _d("dare", "Department of Agricultural Research and Education", "moafw", "dare.gov.in", "icar.gov.in"),
    # Ministry of Chemicals and Fertilizers
    _d("dcpc", "Department of Chemicals and Petrochemicals", "mocf", "chemicals.gov.in"),
    _d("dofert", "Department of Fertilizers", "mocf", "fert.nic.in"),
    _d("dopharma", "Department of Pharmaceuticals", "mocf", "pharmaceuticals.gov.in"),
    # Ministry of Commerce and Industry
    _d("docom", "Department of Commerce", "moci", "commerce.gov.in"),
    _d("dpiit", "Department for Promotion of Industry and Internal Trade", "moci", "dpiit.gov.in"),
    # Ministry of Consumer Affairs, Food and Public Distribution
    _d("doca", "Department of Consumer Affairs", "mocafpd", "consumeraffairs.nic.in"),
    _d("dfpd", "Department of Food and Public Distribution", "mocafpd", "dfpd.gov.in"),
    # Ministry of Fisheries, Animal Husbandry and Dairying
    _d("dofish", "Department of Fisheries", "mofahd", "dof.gov.in"),
    _d("dahd", "Department of Animal Husbandry and Dairying", "mofahd", "dahd.gov.in"),
    # Ministry of Health and Family Welfare
    _d("dohfw", "Department of Health and Family Welfare", "mohfw", "mohfw.gov.in"),
    _d("dhr", "Department of Health Research", "mohfw", "dhr.gov.in"),
    # Ministry of Jal Shakti
    _d("dowr", "Department of Water Resources, River Development and Ganga Rejuvenation", "mojs",
       "jalshakti-dowr.gov.in"),
    _d("ddws", "Department of Drinking Water and Sanitation", "mojs", "jalshakti-ddws.gov.in"),
    # Ministry of Law and Justice
    _d("dola", "Department of Legal Affairs", "molj", "legalaffairs.gov.in"),
    _d("legislative", "Legislative Department", "molj", "legislative.gov.in"),
    _d("doj", "Department of Justice", "molj", "doj.gov.in"),
    # Ministry of Rural Development
    _d("dord", "Department of Rural Development", "mord", "rural.gov.in"),
    _d("dolr", "Department of Land Resources", "mord", "dolr.gov.in"),
    # Ministry of Science and Technology
    _d("dst", "Department of Science and Technology", "most", "dst.gov.in"),
    _d("dbt", "Department of Biotechnology", "most", "dbtindia.gov.in"),
    _d("dsir", "Department of Scientific and Industrial Research", "most", "dsir.gov.in"),
    # Ministry of Social Justice and Empowerment
    _d("dosje", "Department of Social Justice and Empowerment", "mosje", "socialjustice.gov.in"),
    _d("depwd", "Department of Empowerment of Persons with Disabilities", "mosje", "depwd.gov.in"),
    # Ministry of Youth Affairs and Sports (both departments share the Ministry's domain)
    _d("doya", "Department of Youth Affairs", "myas", "yas.gov.in"),
    _d("dosports", "Department of Sports", "myas", "yas.gov.in"),
    # Departments under the Prime Minister, outside any ministry: parent_id is None.
    _d("dae", "Department of Atomic Energy", None, "dae.gov.in"),
    _d("dos", "Department of Space", None, "isro.gov.in"),
)

STATES: tuple[Org, ...] = (
    # The 28 states
    _s("state-andhra-pradesh", "Andhra Pradesh", "आंध्र प्रदेश", "ap.gov.in"),
    _s("state-arunachal-pradesh", "Arunachal Pradesh", "अरुणाचल प्रदेश", "arunachalpradesh.gov.in"),
    _s("state-assam", "Assam", "असम", "assam.gov.in"),
    _s("state-bihar", "Bihar", "बिहार", "bihar.gov.in"),
    _s("state-chhattisgarh", "Chhattisgarh", "छत्तीसगढ़", "cgstate.gov.in"),
    _s("state-goa", "Goa", "गोवा", "goa.gov.in"),
    _s("state-gujarat", "Gujarat", "गुजरात", "gujarat.gov.in"),
    _s("state-haryana", "Haryana", "हरियाणा", "haryana.gov.in"),
    _s("state-himachal-pradesh", "Himachal Pradesh", "हिमाचल प्रदेश", "hp.gov.in", "himachal.nic.in"),
    _s("state-jharkhand", "Jharkhand", "झारखंड", "jharkhand.gov.in"),
    _s("state-karnataka", "Karnataka", "कर्नाटक", "karnataka.gov.in"),
    _s("state-kerala", "Kerala", "केरल", "kerala.gov.in"),
    _s("state-madhya-pradesh", "Madhya Pradesh", "मध्य प्रदेश", "mp.gov.in"),
    _s("state-maharashtra", "Maharashtra", "महाराष्ट्र", "maharashtra.gov.in"),
    _s("state-manipur", "Manipur", "मणिपुर", "manipur.gov.in"),
    _s("state-meghalaya", "Meghalaya", "मेघालय", "meghalaya.gov.in"),
    _s("state-mizoram", "Mizoram", "मिज़ोरम", "mizoram.gov.in"),
    _s("state-nagaland", "Nagaland", "नागालैंड", "nagaland.gov.in"),
    _s("state-odisha", "Odisha", "ओडिशा", "odisha.gov.in"),
    _s("state-punjab", "Punjab", "पंजाब", "punjab.gov.in"),
    _s("state-rajasthan", "Rajasthan", "राजस्थान", "rajasthan.gov.in"),
    _s("state-sikkim", "Sikkim", "सिक्किम", "sikkim.gov.in"),
    _s("state-tamil-nadu", "Tamil Nadu", "तमिलनाडु", "tn.gov.in"),
    _s("state-telangana", "Telangana", "तेलंगाना", "telangana.gov.in"),
    _s("state-tripura", "Tripura", "त्रिपुरा", "tripura.gov.in"),
    _s("state-uttar-pradesh", "Uttar Pradesh", "उत्तर प्रदेश", "up.gov.in"),
    _s("state-uttarakhand", "Uttarakhand", "उत्तराखंड", "uk.gov.in"),
    _s("state-west-bengal", "West Bengal", "पश्चिम बंगाल", "wb.gov.in"),
    # The 8 union territories
    _s("ut-andaman-nicobar", "Andaman and Nicobar Islands", "अंडमान और निकोबार द्वीपसमूह", "andaman.gov.in"),
    _s("ut-chandigarh", "Chandigarh", "चंडीगढ़", "chandigarh.gov.in"),
    _s("ut-dnhdd", "Dadra and Nagar Haveli and Daman and Diu", "दादरा और नगर हवेली और दमन और दीव",
       "ddd.gov.in"),
    _s("ut-delhi", "National Capital Territory of Delhi", "राष्ट्रीय राजधानी क्षेत्र दिल्ली", "delhi.gov.in"),
    _s("ut-jammu-kashmir", "Jammu and Kashmir", "जम्मू और कश्मीर", "jk.gov.in"),
    _s("ut-ladakh", "Ladakh", "लद्दाख", "ladakh.gov.in"),
    _s("ut-lakshadweep", "Lakshadweep", "लक्षद्वीप", "lakshadweep.gov.in"),
    _s("ut-puducherry", "Puducherry", "पुदुचेरी", "py.gov.in"),
)

# Ids of the union territories among STATES (they share the "state" type).
UNION_TERRITORY_IDS: frozenset[str] = frozenset(o.id for o in STATES if o.id.startswith("ut-"))

ORGANISATIONS: tuple[Org, ...] = (
    _o("cbc", "Capacity Building Commission", "cbc.gov.in"),
    # Karmayogi Bharat (the SPV, a Section 8 company owned by the Government) runs the iGOT Karmayogi
    # platform; its platform domain.
    _o("karmayogi-bharat", "Karmayogi Bharat", "igotkarmayogi.gov.in"),
    _o("lbsnaa", "Lal Bahadur Shastri National Academy of Administration", "lbsnaa.gov.in"),
    _o("nic", "National Informatics Centre", "nic.in"),
    _o("istm", "Institute of Secretariat Training and Management", "istm.gov.in"),
    _o("niti-aayog", "NITI Aayog", "niti.gov.in"),
    _o("upsc", "Union Public Service Commission", "upsc.gov.in"),
    _o("cvc", "Central Vigilance Commission", "cvc.gov.in"),
    _o("cabsec", "Cabinet Secretariat", "cabsec.gov.in"),
    _o("ndma", "National Disaster Management Authority", "ndma.gov.in"),
    _o("gem", "Government e-Marketplace", "gem.gov.in"),
)

ORGS: tuple[Org, ...] = MINISTRIES + DEPARTMENTS + STATES + ORGANISATIONS

ORGS_BY_ID: dict[str, Org] = {o.id: o for o in ORGS}
