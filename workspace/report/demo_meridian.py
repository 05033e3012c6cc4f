"""Team Meridian's submitted report, as data: a complete Level 7 group report on joining up
frailty care across the five practices of Northgate Primary Care Network.

The demo assessor downloads this report as a frozen Word file, so it is written as a real team
would submit it: every template section, about 4,000 counted words (the cohort's limit is
5,000), with tables, nested lists, a block quote, links and Harvard references. The people,
practices and numbers are invented; the sources cited are real.

`SECTIONS` maps each template section key to its markdown (every one is marked final), and
`AUTHORS` says which member wrote it.
"""

from __future__ import annotations

EXECUTIVE_SUMMARY = """Northgate Primary Care Network (PCN) asked us how its five GP practices and their partners could work as one system for the 2,300 older people in the network living with moderate or severe frailty. Over fourteen weeks we mapped the pathway with 24 staff and two carers, interviewed 19 patients, carers and staff, audited the five frailty registers and reviewed 60 hospital discharges.

**What we found.** The pathway has 23 steps and 7 hand-offs between identifying frailty and a first comprehensive geriatric assessment, with a median wait of 19 days, of which about 3.5 hours add value to the patient. Whether someone is on a frailty register depends on their practice: confirmed coding ranges from 42% to 88%. After a hospital stay, only 38% of people were contacted within seven days, and carers filled the gap. Most of the waiting happens *between* organisations, not within them.

**What we tested.** Four PDSA cycles (a single referral template, a weekly multi-agency huddle, a daily discharge list to care coordinators, and spread to all practices) raised contact within two working days of discharge from about 40% to 79%, and cut returned referrals from 31% to 9%.

**What we recommend.**

1. One network frailty register and identification standard.
2. Two standing neighbourhood frailty huddles with community, council and voluntary-sector members.
3. A named care coordinator for everyone with severe frailty, with contact within two working days of discharge.
4. A frailty leadership network across the partners, with patients and carers as members.

Each recommendation meets at least four of the programme's five useful criteria. Recommendations 2 and 3 build directly on changes staff have already adopted, and can start now.
"""

INTRODUCTION = """Northgate Primary Care Network brings together five GP practices in the north of Eastfield: Northgate Health Centre, Millbrook Surgery, Castle Street Medical Practice, Ashby Road Surgery and The Orchard Practice. Together they care for 52,000 registered patients. The population is older than the Eastfield average: 21% of patients are aged 65 or over, against 17% across the Integrated Care System (ICS), and two practices serve wards in the most deprived fifth of England.

The network is one of eleven in the Eastfield ICS and a member of the Eastfield Integrated Care Partnership (ICP). Its frailty work touches almost every partner in that partnership:

- **Eastfield Community Health** runs the community frailty team and district nursing;
- **Riverside University Hospitals NHS Foundation Trust** runs the acute frailty unit where most of the network's older patients are admitted;
- **Eastfield City Council Adult Social Care** arranges care and support at home;
- **Eastfield Carers Together** supports around 400 unpaid carers in the area.

About 2,300 of the network's patients are living with moderate or severe frailty as measured by the electronic frailty index (eFI) (Clegg *et al.*, 2016), and the number is rising by around 4% a year. Frailty is a long-term condition, not an inevitable part of ageing: people living with it are at high risk of falls, sudden loss of independence and admission to hospital after an apparently minor illness (Clegg *et al.*, 2013; British Geriatrics Society, 2014). The [NHS Long Term Plan](https://www.longtermplan.nhs.uk/) commits primary care networks to proactive, anticipatory care for exactly this group (NHS England, 2019), and the Fuller stocktake asks networks to become the place where integrated neighbourhood teams come together (Fuller, 2022).

Each practice has responded in its own way. Two have a frailty lead GP; one runs a nurse-led frailty clinic; two rely on their usual long-term condition reviews. The community frailty team receives referrals in five different formats and, its manager told us, "spends Monday mornings working out who is who".

Dr Ravi Patel, the network's clinical director, asked our team for a strategic change review with one question at its centre:

> *How can the five practices and their partners work as one system for older people living with frailty, so that the right people are found early, get joined-up support, and are followed up after a hospital stay?*

The question matters to the system now. Last winter's pressure at Riverside was driven in part by frail older people admitted after a crisis at home, and the ICS's ageing well programme will fund neighbourhood frailty models from 2027–28 for networks that can show a shared model of care.
"""

SCOPE = """We scoped the review with the framework's *Start Anywhere* questions in two sessions with Dr Patel and the network's operational manager, and tested the answers with the practice frailty leads before fieldwork began.

**People: who are the right people?**

- *In the network:* the five practices' frailty leads and practice nurses, the PCN's three care coordinators and two social prescribing link workers, and reception teams, who book most reviews.
- *Partners:* the community frailty team and district nurses, the acute frailty unit at Riverside, the council's locality social work team, and Eastfield Carers Together.
- *Patients and carers:* people living with frailty, and the family members who coordinate much of their care today.

**Purpose: for what purpose?**

To find people living with frailty earlier and give them joined-up, proactive support that keeps them well and independent at home, so that fewer of them reach hospital through a crisis.

**Place: in what place?**

The network's footprint: five practices, four electoral wards and the neighbourhood teams that serve them. We followed patients into Riverside's acute frailty unit only as far as their discharge home.

**Priorities: what is the priority to work on?**

Early conversations and the first process-mapping workshop pointed to three priorities:

1. *Identification:* a consistent, clinically confirmed frailty register across the five practices.
2. *The hand-off to community services:* one route into the community frailty team, with the right information first time.
3. *Follow-up after a hospital stay:* contact within days, not weeks, of going home.

**Out of scope.** End-of-life care and care home residents, both covered by the network's existing enhanced health in care homes work; people under 65 with complex needs; and the acute frailty unit's internal processes. We also left aside estates and digital infrastructure except where they blocked the three priorities. These were reasonable limits for a fourteen-week review, but they mean our recommendations say little about the 180 frail residents of the network's six care homes, a gap we return to in our reflections.
"""

APPROACH = """We worked over fourteen weeks, from January to April 2027, alongside our action learning sets. The four of us came from four ICS organisations (an acute operations manager, an ICB commissioner, a council service manager and a community nurse), and we chose methods that would let staff and patients see the pathway for themselves rather than receive our analysis of it.

| Method | When | Sessions | People involved |
| --- | --- | --- | --- |
| Process mapping (current and future state) | Jan–Feb 2027 | 3 | 24 staff, 2 carers |
| Semi-structured interviews | Jan–Mar 2027 | 19 | 11 patients and carers, 8 staff |
| Register audit against eFI | Feb 2027 | 5 | all five practices |
| Discharge case notes | Feb 2027 | 1 | 60 discharges |
| Stakeholder mapping | Jan–Apr 2027 | 4 | project team and sponsor |
| PDSA cycles with run charts | Feb–Apr 2027 | 4 cycles | all five practices |

**Process mapping.** We ran half-day "brown paper" workshops with staff from every service on the pathway, mapped the journey of a composite patient, then walked two real journeys back from discharge to first contact. For each step we recorded who did it, how long it took and whether it added value for the patient, following lean thinking (Womack and Jones, 2003).

**Interviews.** Niamh and Fatima interviewed eleven patients and carers at home or by telephone, recruited through the practices and Eastfield Carers Together, using a topic guide (Appendix A). Eight staff interviews explored how each service saw the others.

**Data.** We compared each practice's coded frailty register with its eFI search, and reviewed sixty consecutive discharges of network patients aged 65 or over from Riverside's acute frailty unit. The practices' data were shared under the network's data-sharing agreement; we saw no identifiable records outside the practices.

**Quality improvement.** We used the Model for Improvement (Langley *et al.*, 2009): an aim, a driver diagram (Appendix B), PDSA cycles and run charts read with the rules in *Making Data Count* (NHS Improvement, 2019).

**Limits.** Eleven patient and carer interviews cannot speak for everyone: we heard less from people who live alone, and none of our interviewees needed an interpreter. The discharge review covered one hospital, though about 15% of the network's admissions go elsewhere. Fourteen weeks of data show early change, not sustained change. And as visitors we sometimes saw what staff chose to show us; we balanced this by observing two huddles unannounced, with the teams' permission.
"""

STAKEHOLDERS = """We mapped stakeholders on the power–interest grid (Mendelow, 1991) at the start of the review and refreshed the map after each action learning set. The table shows the map at the end of the review; attitudes moved for several groups as the work went on.

| Stakeholder | Power | Interest | Approach | Attitude at start | Attitude sought |
| --- | --- | --- | --- | --- | --- |
| Clinical director (sponsor) | High | High | Manage closely | Champion | Champion |
| Practice partners | High | Medium | Manage closely | Sceptical | Supportive |
| Frailty leads | Medium | High | Manage closely | Supportive | Champion |
| Community frailty team | Medium | High | Manage closely | Wary | Supportive |
| ICB ageing well lead | High | Medium | Keep satisfied | Neutral | Supportive |
| Acute frailty unit | Medium | Medium | Keep satisfied | Neutral | Supportive |
| Council social workers | Medium | Medium | Keep informed | Neutral | Supportive |
| Care coordinators and social prescribers | Low | High | Keep informed | Supportive | Champion |
| Eastfield Carers Together | Low | High | Keep informed | Supportive | Champion |
| Patients and carers | Low | High | Involve | Unaware | Involved |
| Reception teams | Low | Medium | Monitor | Unaware | Supportive |

**Manage closely.** The practice partners held the decisive power: a shared register or a huddle uses their clinicians' time and, in effect, their money. Their scepticism was not about the aim but about losing control of their own lists. We met each partnership separately, shared its own register audit before anyone else saw it, and asked Dr Patel to present the network-wide picture at the PCN board rather than presenting it ourselves.

The community frailty team was wary at first: earlier reviews had, in the team manager's words, "ended with more referrals and no more staff". After the first interview we changed our approach. Instead of asking what was wrong with referrals, we invited the team to design the single referral template themselves (PDSA 1).

**Keep satisfied.** The ICB's ageing well lead controls next year's funding. We kept her informed through two short briefings and invited her to the final workshop, where she offered to make the network an early adopter site.

**Keep informed, and involve.** Care coordinators, social prescribers and Eastfield Carers Together had little formal power but the deepest knowledge of what happens between appointments. Two carers joined the second process-mapping workshop, and one of them changed the map (see the current state).

**Relationships between stakeholders.** The strongest relationships in this system are between individual GPs and individual district nurses; the weakest are between the practices as a group and the community frailty team as a service. The council's social workers spoke of "the hospital" and "the GP", never of "the network". That pattern shaped our recommendations: the network needs a shared space in which relationships form service to service, not only person to person.

Patients and carers were the group with least power on the grid, and we engaged them later than we should have. Recommendation 4 gives them a formal place in what happens next.
"""

CURRENT_STATE = """We mapped the pathway from the moment a person might be identified as frail to their first comprehensive geriatric assessment (CGA) and, separately, their return home after a hospital stay. Appendix C summarises the full map.

### Identification

The eFI search finds 2,310 patients aged 65 or over with moderate or severe frailty across the network, 610 of them with severe frailty. Only 1,480 (64%) carry a clinically confirmed frailty code, and the share ranges from 88% at Castle Street to 42% at The Orchard Practice (Appendix D). Three practices confirm frailty with the Clinical Frailty Scale (Rockwood *et al.*, 2005); two use clinical judgement alone. Whether a patient is on a register therefore depends partly on where they are registered.

### Referral to the community frailty team

The current-state map has **23 steps and 7 hand-offs** between identification and a first CGA visit. In the 40 referrals we traced, the median wait from a GP's decision to refer to the first visit was **19 days** (range 4 to 46). We judged only about **3.5 hours** of that time to add value for the patient: the GP review, the triage call and the assessment itself. The main sources of waiting were:

- **Five referral formats.** Two practices refer by electronic form, two by letter to a shared mailbox, and one by telephone.
  - 31% of referrals were returned or queried for missing information, most often a recent medication review or a carer's details.
  - Each return added a median of six days.
- **Weekly triage.** The community team triages referrals on Monday mornings, so a referral sent on a Tuesday waits six days before anyone reads it.
- **No shared view.** Neither side sees the other's notes: the community team takes again a history the practice already holds, and the practice is not told when an assessment has happened.

### After a hospital stay

In our review of 60 discharges, the discharge summary reached the practice within 48 hours in 52 cases (87%). But only **23 people (38%)** had any contact from their practice or the community team within seven days of going home, and 11 (18%) were readmitted within 30 days. Nobody owned the step between the summary arriving and someone picking up the phone: the task sat in a GP's document inbox among about 140 documents a day.

### What people told us

Patients and carers described good care from individuals and poor coordination by the system. Carers were often the real coordinators:

> "I'm the one who rings round. The surgery thinks the nurses are going, the nurses think the surgery's got it, and Mum just sits there waiting for somebody to knock. When she came out of hospital in March I spent two days on the phone before anyone knew she was home."
>
> — daughter and carer of a patient registered at Millbrook Surgery

At the second workshop this carer added the step no professional had drawn, *family member chases*, and it appeared on the map four times. Staff told the same story from the inside: a practice nurse had "no idea what happens after the referral goes", and a community matron described "five front doors and no hallway".

Every service on the map was busy, and most were efficient within their own walls. The waits and the hand-offs were in the spaces between them.
"""

IMPROVEMENT = """### Aim

With the sponsor and the frailty leads we agreed one aim for the review:

> **By 30 April 2027, 70% of Northgate patients with severe frailty discharged home from Riverside will be contacted by a named care coordinator within two working days.**

We chose post-discharge contact because it could be measured every fortnight, was within the network's control, and was the step carers felt most keenly. The driver diagram (Appendix B) links the aim to three primary drivers: knowing who is living with frailty, one route into community support, and clear ownership after discharge.

### Measures

- **Outcome:** the percentage of people with severe frailty contacted within two working days of discharge.
- **Process:** the percentage of referrals to the community frailty team returned for missing information.
- **Balancing:** care coordinator hours spent on frailty each week, and GP appointments used for post-discharge reviews, so that we did not simply move the problem into a GP's diary.

### PDSA cycles

1. **PDSA 1: one referral template (Castle Street, February).**
   - *Plan:* the community frailty team designed a one-page template holding the details they most often chased. We predicted that returned referrals would fall from 31% to below 10%.
   - *Do and study:* over two weeks, 2 of 17 referrals (12%) were returned. Both lacked a carer's details, which the template asked for on its second page.
   - *Act:* **adapt.** Carer details moved to the top; ready to spread.
2. **PDSA 2: a weekly 30-minute frailty huddle (Castle Street and Millbrook, February to March).**
   - *Plan:* a GP frailty lead, community matron, care coordinator and social worker review new referrals and recent discharges. We predicted five to eight patients a week.
   - *Do and study:* 22 patients over four huddles. The matron attended all four, the social worker only two, because the huddle clashed with a council allocation meeting.
   - *Act:* **adapt.** The huddle moved to Thursday lunchtime, when the council could attend.
3. **PDSA 3: a daily discharge list for care coordinators (all practices, March).**
   - *Plan:* Riverside's discharge team sends a daily list of network patients with severe frailty to the care coordinators' shared inbox, and a named coordinator telephones within two working days. We predicted 60% would be contacted in time.
   - *Do and study:* 71% in the first fortnight. The list missed weekend discharges.
   - *Act:* **adopt**, with a Monday catch-up for weekend discharges.
4. **PDSA 4: spreading the template and huddle to all five practices (April).**
   - *Act:* the template was **adopted** network-wide; the huddle was **adapted** into two neighbourhood huddles, north and south, each covering two or three practices.

### Run of measures

| Fortnight ending | Discharges (severe frailty) | Contacted within 2 working days | % contacted | Referrals returned (network) | Coordinator hours a week |
| --- | --- | --- | --- | --- | --- |
| 3 Jan | 11 | 4 | 36% | 33% | 6 |
| 17 Jan | 13 | 5 | 38% | 30% | 6 |
| 31 Jan | 12 | 5 | 42% | 31% | 6 |
| 14 Feb | 10 | 4 | 40% | 27% | 6 |
| 28 Feb | 11 | 5 | 45% | 24% | 7 |
| 14 Mar | 14 | 10 | 71% | 25% | 10 |
| 28 Mar | 13 | 10 | 77% | 22% | 11 |
| 11 Apr | 12 | 9 | 75% | 12% | 11 |
| 25 Apr | 14 | 11 | 79% | 9% | 12 |

Read with the *Making Data Count* rules, the last four fortnights all sit above the baseline median of 40% and have met the aim, but four points are short of the six that would mark a shift, so we cannot yet call it sustained change. Returned referrals fell once the template spread in April.

The balancing measures show the cost. Care coordinator time on frailty doubled, from 6 to 12 hours a week, which the network absorbed only by pausing other work. GP appointments for post-discharge reviews stayed at about nine a fortnight throughout.
"""

FINDINGS = """We separate what we saw, drawn from the evidence above, from what we infer from it.

1. **Identification depends on the practice, not the patient.**
   - *Seen:* 64% of the people the eFI identifies have a confirmed frailty code, from 42% in one practice to 88% in another; two practices use no validated scale.
   - *Inferred:* several hundred people with moderate or severe frailty are invisible to proactive care, and more of them are likely to live in the network's more deprived wards, where the lowest-coding practice's list is concentrated.
2. **Most of the waiting is between organisations.**
   - *Seen:* a median of 19 days from referral to assessment, of which about 3.5 hours add value; seven hand-offs; one referral in three returned; triage once a week.
   - *Inferred:* the delay is built into the system by five separate front doors, not caused by any one team's performance. Making one team more efficient would barely move the total.
3. **Nobody owns the days after discharge.**
   - *Seen:* 38% of people contacted within seven days at baseline; the task left in a GP's document inbox; carers filling the gap.
   - *Inferred:* the PCN care coordinators, funded through the Additional Roles Reimbursement Scheme, are the natural owners of this step, but were never given it because it falls between organisations.
4. **Small changes that staff owned moved quickly.**
   - *Seen:* contact within two working days rose from about 40% to between 71% and 79% within six weeks; returned referrals fell to 9% once the template designed by the community team spread.
   - *Inferred:* staff were ready to change when the change was theirs. But the balancing measure shows that the gain so far rests on goodwill and paused work, and it will not last without protected time.
5. **Relationships are strong person to person and weak service to service.**
   - *Seen:* interviews, the stakeholder map and the pattern of huddle attendance.
   - *Inferred:* the network lacks a shared forum and a shared identity for frailty. The huddles began to provide both, and their value lay as much in the relationships they built as in the patients they discussed. After the fourth huddle a community matron told us: "For the first time I know the GPs' faces."

Taken together, these findings answer the review's question. The practices and their partners already hold most of what they need: skilled staff, new roles in the care coordinators, and a shared wish to do better for older people. What is missing is a shared way of working: one register, one front door, one owner after discharge, and a place where the services meet as a system. None of these needs a new organisation, and two of them have already been tested.

We hold these findings with appropriate caution. Our numbers come from one network over fourteen weeks, our discharge review from one hospital, and our interviews from people willing to talk to us. The direction of the evidence is consistent across methods, which gives us more confidence than any single source would.
"""

RECOMMENDATIONS = """We make four recommendations to the Northgate PCN board and its ICP partners. Each is checked against the programme's useful criteria; where a recommendation meets a criterion only in part, we say so.

1. **Adopt one network frailty register and identification standard by October 2027.** All five practices run the eFI search quarterly and confirm frailty with the Clinical Frailty Scale at the next routine contact, coded the same way, as NHS England's frailty toolkit describes (NHS England, 2017).
   - *Measures of success:* confirmed coding above 80% of eFI-identified patients in every practice, with less than 15 percentage points between the highest and lowest.
   - *Expected impact:* around 600 more people visible to proactive care, and a fair basis for sharing resources across practices.
   - *Useful criteria:*
     - brings the long-term plan nearer: **yes**, anticipatory care for people living with frailty;
     - aligned to the workforce strategy: **partly**, it uses practice nurse time and needs training in two practices;
     - multi-organisational: **yes**, five practices and the community team share one standard;
     - develops leadership, organisations or systems: **partly**, a system standard rather than a development intervention;
     - affordable: **yes**, within existing network funding.
2. **Make the two neighbourhood frailty huddles standing multi-agency meetings, with the single referral template as the one way in.** Each huddle meets weekly with a GP frailty lead, a community matron, a care coordinator, a social worker and a worker from Eastfield Carers Together.
   - *Measures of success:* each agency attends at least 80% of huddles; median days from referral to first CGA visit below 10.
   - *Expected impact:* hand-offs cut from seven to three on our future-state map, and faster assessment.
   - *Useful criteria:*
     - long-term plan: **yes**, integrated neighbourhood teams as the Fuller stocktake proposes (Fuller, 2022);
     - workforce strategy: **yes**, existing roles used differently rather than new posts;
     - multi-organisational: **yes**, and multi-agency, including the voluntary sector;
     - develops systems: **yes**, it builds service-to-service relationships (finding 5);
     - affordable: **yes**, about six hours of staff time a week per huddle.
3. **Give every person with severe frailty a named care coordinator, who makes contact within two working days of any discharge.**
   - *Measures of success:* 80% contacted within two working days, sustained for six months; 30-day readmission for this group below its baseline of 18%.
   - *Expected impact:* fewer crises after discharge, and carers no longer the system's coordinators.
   - *Useful criteria:*
     - long-term plan: **yes**, personalised and anticipatory care;
     - workforce strategy: **yes**, it develops the care coordinator role, a priority of the ICS workforce strategy;
     - multi-organisational: **yes**, the network and Riverside's discharge team;
     - develops organisations: **partly**, coordinators need a short development programme;
     - affordable: **partly**, one additional whole-time care coordinator (about £32,000 a year), reimbursable through the network's additional roles allocation, which the PCN board must confirm.
4. **Build a frailty leadership network across the partners, with patients and carers as members.** Quarterly action learning sets and shared quality improvement coaching for frailty leads from every partner, and a design group co-chaired by two carers to steer the next round of change.
   - *Measures of success:* members' confidence in leading across boundaries, measured before and after; improvement projects led jointly by two or more partners.
   - *Expected impact:* the relationships and improvement skills that make recommendations 1 to 3 last.
   - *Useful criteria:*
     - long-term plan: **partly**, enabling work, but tied directly to delivering 1 to 3;
     - workforce strategy: **yes**;
     - multi-organisational: **yes**, and it includes citizens;
     - develops leadership and systems: **yes**;
     - affordable: **yes**, action learning and team coaching are already on the ICS programme's menu of funded interventions.

We suggest starting with recommendations 2 and 3, which build on changes staff have already adopted, and bidding for the ICB's ageing well funding for 2027–28 on the strength of them.
"""

REFLECTIONS = """We reflect as a team on the system leadership behaviours and the four domains of the Systems Leadership Development Framework.

**Being.** We began as four people from four organisations, each with a view of where the problem lay. Marcus, from the acute trust, admits he arrived believing frailty admissions were "a primary care problem"; the process map changed his mind within an afternoon. Holding our assumptions lightly, and saying aloud when they were wrong, was the most useful habit we formed. *Resilience* was tested when two practices withdrew from the first huddle at a day's notice; we kept going with the two that stayed, and both later rejoined.

**Relating and communicating.** Our best decision was also our least comfortable: handing the referral template to the community frailty team, who had been most wary of us. It meant letting go of a design we had already drafted. This is what the framework calls *leading without and beyond authority*: we had no power over any service in the pathway, only the trust we could build (Timmins, 2015). We were less skilled with the practice partners, and needed Dr Patel's influence to do what our own could not.

**Delivering.** We kept an action log with an owner and date for every action, reviewed at our weekly call. Even so, we underestimated how long data would take: the discharge review waited three weeks for an information governance decision. Next time we would agree data access in the proposal phase.

**Leading and visioning.** The carer who added *family member chases* to the map gave the review its vision: a system in which nobody has to chase. We used her words at the PCN board, and they did more than our figures to win the partners' support.

Against the four domains:

- *Individual Effectiveness:* we each practised patience, persistence and resilience in an uncertain setting.
- *Relationships and Connectivity:* we helped create a shared vision and brought people together for a purpose, the domain in which we grew most.
- *Innovation and Improvement:* process mapping, lean thinking, quality improvement and evaluation and review were all new to at least two of us.
- *Learning and Capacity Building:* our weakest domain. We shared learning within the network but not yet across the wider system, and we heard from citizens late.

Systems leadership, as Ghate, Lewis and Welbourn (2013) describe it, is leadership across boundaries without the authority of a single line of command. We learned that this is less a skill than a stance: curious, patient and willing to be changed by what we find.
"""

CONCLUSION = """Northgate PCN asked how its five practices and their partners could work as one system for older people living with frailty. Our answer is that they can, and that they have already started.

The pathway today is a set of well-run services joined by hand-offs that nobody owns. People wait a median of 19 days for an assessment that adds about three and a half hours of value; whether they are found at all depends on their practice; and after a hospital stay, their families too often do the coordinating. In fourteen weeks of small, staff-owned tests, contact within two working days of discharge roughly doubled, and the community team's own referral template cut returned referrals by more than two-thirds.

Our four recommendations, one register, standing neighbourhood huddles, a named care coordinator and a frailty leadership network, are affordable, multi-agency and aligned with the NHS Long Term Plan and the ICS's workforce strategy. What should happen next is simple to say and harder to do: the PCN board adopts recommendations 2 and 3 at its July meeting, protects the care coordinator time that the improvement relied on, and invites patients and carers into the design of what follows.
"""

REFERENCES = """British Geriatrics Society (2014) *Fit for Frailty: consensus best practice guidance for the care of older people living in community and outpatient settings*. London: British Geriatrics Society.

Clegg, A., Young, J., Iliffe, S., Rikkert, M.O. and Rockwood, K. (2013) 'Frailty in elderly people', *The Lancet*, 381(9868), pp. 752–762.

Clegg, A., Bates, C., Young, J., Ryan, R., Nichols, L., Teale, E.A., Mohammed, M.A., Parry, J. and Marshall, T. (2016) 'Development and validation of an electronic frailty index using routine primary care electronic health record data', *Age and Ageing*, 45(3), pp. 353–360.

Fuller, C. (2022) *Next steps for integrating primary care: Fuller stocktake report*. London: NHS England.

Ghate, D., Lewis, J. and Welbourn, D. (2013) *Systems Leadership: exceptional leadership for exceptional times. Synthesis paper*. Nottingham: The Virtual Staff College.

Langley, G.J., Moen, R.D., Nolan, K.M., Nolan, T.W., Norman, C.L. and Provost, L.P. (2009) *The Improvement Guide: a practical approach to enhancing organizational performance*. 2nd edn. San Francisco: Jossey-Bass.

Mendelow, A. (1991) 'Stakeholder mapping', *Proceedings of the 2nd International Conference on Information Systems*. Cambridge, MA.

NHS England (2017) *Toolkit for general practice in supporting older people living with frailty*. Leeds: NHS England.

NHS England (2019) *The NHS Long Term Plan*. London: NHS England. Available at: <https://www.longtermplan.nhs.uk/>

NHS Improvement (2019) *Making data count: getting started*. London: NHS Improvement.

Oliver, D., Foot, C. and Humphries, R. (2014) *Making our health and care systems fit for an ageing population*. London: The King's Fund.

Rockwood, K., Song, X., MacKnight, C., Bergman, H., Hogan, D.B., McDowell, I. and Mitnitski, A. (2005) 'A global clinical measure of fitness and frailty in elderly people', *Canadian Medical Association Journal*, 173(5), pp. 489–495.

Timmins, N. (2015) *The practice of system leadership: being comfortable with chaos*. London: The King's Fund.

Womack, J.P. and Jones, D.T. (2003) *Lean Thinking: banish waste and create wealth in your corporation*. 2nd edn. London: Simon & Schuster.
"""

APPENDICES = """### Appendix A: Interview topic guide

**Patients and carers** (30 to 45 minutes, at home or by telephone, with consent recorded):

1. Tell us about the last time you, or the person you care for, needed help to stay well at home.
   - Who did you contact first? What happened next?
   - Who, if anyone, coordinated the help you received?
2. If you have been in hospital in the last six months: what happened in the first week after you came home?
3. What would have made the biggest difference?

**Staff** (30 minutes, in person or online):

1. Where does your part of the pathway start and end?
2. What do you need from the services before and after you, and how often do you get it?
3. If you could change one thing about how the services work together, what would it be?

### Appendix B: Driver diagram

- **Aim:** by 30 April 2027, 70% of people with severe frailty contacted by a named care coordinator within two working days of discharge.
  - **Primary driver 1: knowing who is living with frailty**
    - *Secondary driver:* consistent identification in every practice
      - Change idea: quarterly eFI search with Clinical Frailty Scale confirmation
  - **Primary driver 2: one route into community support**
    - *Secondary driver:* the right information first time
      - Change idea: a single referral template designed by the community team (PDSA 1)
    - *Secondary driver:* shared decisions across services
      - Change idea: a weekly multi-agency frailty huddle (PDSA 2)
  - **Primary driver 3: clear ownership after discharge**
    - *Secondary driver:* the network knows who has gone home
      - Change idea: a daily discharge list for care coordinators (PDSA 3)

### Appendix C: Current-state process map (summary)

| Stage | Steps | Hand-offs | Typical elapsed time | Value-adding time |
| --- | --- | --- | --- | --- |
| Identify and decide to refer | 4 | 1 | same day | 30 minutes |
| Write and send referral | 5 | 2 | 3 days | 20 minutes |
| Receive, query or return | 6 | 2 | 8 days | none |
| Weekly triage | 4 | 1 | 5 days | 40 minutes |
| Book and make first visit | 4 | 1 | 3 days | 2 hours |
| **Total** | **23** | **7** | **19 days** | **about 3.5 hours** |

### Appendix D: Register audit by practice (February 2027)

| Practice | Registered patients | eFI moderate or severe | Confirmed frailty code | % confirmed | Validated scale used |
| --- | --- | --- | --- | --- | --- |
| Northgate | 14,800 | 640 | 430 | 67% | Yes |
| Millbrook | 11,200 | 520 | 320 | 62% | No |
| Castle Street | 10,400 | 450 | 395 | 88% | Yes |
| Ashby Road | 8,900 | 400 | 210 | 53% | Yes |
| The Orchard | 6,700 | 300 | 125 | 42% | No |
| **Network** | **52,000** | **2,310** | **1,480** | **64%** | **3 of 5** |
"""

#: template section key -> markdown, in the template's order; all of them are marked final
SECTIONS: dict[str, str] = {
    "executive-summary": EXECUTIVE_SUMMARY,
    "introduction": INTRODUCTION,
    "scope": SCOPE,
    "approach": APPROACH,
    "stakeholders": STAKEHOLDERS,
    "current-state": CURRENT_STATE,
    "improvement": IMPROVEMENT,
    "findings": FINDINGS,
    "recommendations": RECOMMENDATIONS,
    "reflections": REFLECTIONS,
    "conclusion": CONCLUSION,
    "references": REFERENCES,
    "appendices": APPENDICES,
}

#: who wrote each section (the login before "@demo.example"): the four members shared it out
AUTHORS: dict[str, str] = {
    "executive-summary": "marcus.bell",
    "introduction": "marcus.bell",
    "scope": "fatima.hussain",
    "approach": "fatima.hussain",
    "stakeholders": "oliver.grant",
    "current-state": "niamh.doyle",
    "improvement": "niamh.doyle",
    "findings": "fatima.hussain",
    "recommendations": "oliver.grant",
    "reflections": "marcus.bell",
    "conclusion": "oliver.grant",
    "references": "niamh.doyle",
    "appendices": "niamh.doyle",
}
