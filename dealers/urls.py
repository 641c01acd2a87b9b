from django.urls import path

from dealers import views

app_name = "dealers"

urlpatterns = [
    path("", views.portal, name="portal"),
    path("tickets/<str:number>/arrange/", views.arrange, name="arrange"),
    path("technicians/", views.technician_list, name="technician-list"),
    path("records/", views.record_list, name="record-list"),
    path("records/new/<str:number>/", views.record_new, name="record-new"),
    path("records/<int:pk>/", views.record_detail, name="record-detail"),
    path("claims/", views.claim_list, name="claim-list"),
    path("claims/new/", views.claim_new, name="claim-new"),
    path("claims/<int:pk>/", views.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/act/", views.claim_act, name="claim-act"),
    path("appraisal/", views.appraisal, name="appraisal"),
    path("finance/", views.finance, name="finance"),
    path("shipments/", views.shipment_list, name="shipment-list"),
    path("shipments/<int:pk>/act/", views.shipment_act, name="shipment-act"),
    path("statements/", views.statement_list, name="statement-list"),
    path("statements/<int:pk>/", views.statement_detail, name="statement-detail"),
    path("statements/<int:pk>/notice.xlsx", views.statement_xlsx, name="statement-xlsx"),
    path("assessment/", views.assessment, name="assessment"),
    path("assessment/grade/<int:pk>/", views.grade_change, name="grade-change"),
]
